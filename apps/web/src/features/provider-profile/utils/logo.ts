/** The API's limit (providers/dto/branding.dto.ts LOGO_MAX_BYTES): decoded bytes of the data URL. */
export const LOGO_MAX_BYTES = 24 * 1024;
const ACCEPTED = ['image/png', 'image/jpeg', 'image/webp', 'image/gif'];

export interface PreparedLogo {
  dataUrl: string;
  bytes: number;
  /** set when the browser re-encoded the image to fit the limit */
  resized: { width: number; height: number; type: 'image/png' | 'image/jpeg' } | null;
}

/** Decoded size of a base64 data URL. */
function dataUrlBytes(dataUrl: string): number {
  const b64 = dataUrl.slice(dataUrl.indexOf(',') + 1);
  return Math.floor((b64.length * 3) / 4) - (b64.endsWith('==') ? 2 : b64.endsWith('=') ? 1 : 0);
}

function readAsDataUrl(file: Blob): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    // readAsDataURL's result is a string
    // eslint-disable-next-line @typescript-eslint/no-base-to-string
    reader.onload = () => resolve(String(reader.result));
    reader.onerror = () => reject(new Error('Could not read the file.'));
    reader.readAsDataURL(file);
  });
}

function loadImage(src: string): Promise<HTMLImageElement> {
  return new Promise((resolve, reject) => {
    const img = new Image();
    img.onload = () => resolve(img);
    img.onerror = () => reject(new Error('This file is not an image the browser can read.'));
    img.src = src;
  });
}

/**
 * A logo the API accepts: PNG/JPEG/WebP/GIF up to 24 KB are sent as they are; larger images
 * (or other raster types the browser can decode) are scaled down on a canvas and re-encoded —
 * PNG first (keeps transparency), then JPEG at falling quality on white — until they fit.
 * SVG is refused (the API refuses it: it can carry script).
 */
export async function prepareLogo(file: File): Promise<PreparedLogo> {
  if (file.type === 'image/svg+xml' || /\.svg$/i.test(file.name)) throw new Error('SVG logos are not accepted. Use a PNG, JPEG, WebP or GIF image.');
  const original = await readAsDataUrl(file);
  if (ACCEPTED.includes(file.type) && file.size <= LOGO_MAX_BYTES) return { dataUrl: original, bytes: file.size, resized: null };

  const img = await loadImage(original);
  const canvas = document.createElement('canvas');
  const ctx = canvas.getContext('2d');
  if (!ctx) throw new Error('This browser cannot resize images; choose a file of at most 24 KB.');
  const longest = Math.max(img.naturalWidth, img.naturalHeight) || 1;
  for (const max of [512, 384, 256, 192, 128, 96, 64, 48]) {
    const scale = Math.min(1, max / longest);
    const width = Math.max(1, Math.round(img.naturalWidth * scale));
    const height = Math.max(1, Math.round(img.naturalHeight * scale));
    canvas.width = width;
    canvas.height = height;
    ctx.clearRect(0, 0, width, height);
    ctx.drawImage(img, 0, 0, width, height);
    const png = canvas.toDataURL('image/png');
    if (dataUrlBytes(png) <= LOGO_MAX_BYTES) return { dataUrl: png, bytes: dataUrlBytes(png), resized: { width, height, type: 'image/png' } };
    ctx.fillStyle = '#ffffff';
    ctx.fillRect(0, 0, width, height);
    ctx.drawImage(img, 0, 0, width, height);
    for (const quality of [0.85, 0.7, 0.55]) {
      const jpeg = canvas.toDataURL('image/jpeg', quality);
      if (dataUrlBytes(jpeg) <= LOGO_MAX_BYTES) return { dataUrl: jpeg, bytes: dataUrlBytes(jpeg), resized: { width, height, type: 'image/jpeg' } };
    }
  }
  throw new Error('Could not make this image small enough; choose a simpler logo.');
}
