import type { ProviderType } from '@/lib/api/types';

export const PROVIDER_TYPES: { value: ProviderType; label: string; description: string }[] = [
  { value: 'homeowner', label: 'Homeowner', description: 'Share your home internet with neighbours or tenants.' },
  { value: 'personal', label: 'Personal', description: 'A small hotspot you run yourself, e.g. at a shop or kiosk.' },
  { value: 'isp', label: 'ISP', description: 'An internet service provider running hotspots across many sites.' },
  { value: 'enterprise', label: 'Enterprise', description: 'A business offering WiFi to guests or staff: hotel, café, campus, office.' },
];
