/** RouterOS version profiles (docs/routeros.md §0.4, §8): what differs on the wire between versions. */
export type RouterOsVersion = '6.49' | '7.17' | '7.18';

export type LoginMethod = 'plain' | 'legacy';

export interface VersionProfile {
  version: RouterOsVersion;
  /** as printed in `/system/resource` `version` */
  versionString: string;
  /** 7.18+: an empty print answers `!empty` then `!done` */
  sendsEmpty: boolean;
  /** login method the router uses by default (plain since 6.43) */
  defaultLogin: LoginMethod;
  /** v6 prints log times as `jan/01 08:00:00`, v7 as `2025-01-01 08:00:00` */
  logTimeStyle: 'v6' | 'v7';
}

export const VERSION_PROFILES: Record<RouterOsVersion, VersionProfile> = {
  '6.49': { version: '6.49', versionString: '6.49.17 (long-term)', sendsEmpty: false, defaultLogin: 'plain', logTimeStyle: 'v6' },
  '7.17': { version: '7.17', versionString: '7.17.2 (stable)', sendsEmpty: false, defaultLogin: 'plain', logTimeStyle: 'v7' },
  '7.18': { version: '7.18', versionString: '7.18.2 (stable)', sendsEmpty: true, defaultLogin: 'plain', logTimeStyle: 'v7' },
};

export function isRouterOsVersion(v: string): v is RouterOsVersion {
  return Object.prototype.hasOwnProperty.call(VERSION_PROFILES, v);
}

export function getProfile(version: RouterOsVersion): VersionProfile {
  return VERSION_PROFILES[version];
}
