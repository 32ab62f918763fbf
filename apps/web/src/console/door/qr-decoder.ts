/**
 * Reads a QR code from a video frame or a photo. The browser's own BarcodeDetector where it has
 * one (Chrome on Android and macOS, Safari 17+); elsewhere ZXing, loaded only when needed so the
 * page stays light on the phones that do not need it.
 */
type Source = HTMLVideoElement | HTMLImageElement | HTMLCanvasElement | ImageBitmap;

interface NativeDetector {
  detect(source: Source): Promise<{ rawValue: string }[]>;
}
interface NativeDetectorClass {
  new (options: { formats: string[] }): NativeDetector;
  getSupportedFormats(): Promise<string[]>;
}

export type Decoder = (source: Source) => Promise<string | null>;

let chosen: Promise<Decoder> | null = null;

export function qrDecoder(): Promise<Decoder> {
  chosen ??= (async () => {
    const Native = (globalThis as { BarcodeDetector?: NativeDetectorClass }).BarcodeDetector;
    if (Native && (await Native.getSupportedFormats().catch((): string[] => [])).includes('qr_code')) {
      const detector = new Native({ formats: ['qr_code'] });
      return async (source) => (await detector.detect(source))[0]?.rawValue ?? null;
    }
    const { BrowserQRCodeReader } = await import('@zxing/browser');
    const reader = new BrowserQRCodeReader();
    const canvas = document.createElement('canvas');
    return async (source) => {
      const width =
        'videoWidth' in source
          ? source.videoWidth
          : 'naturalWidth' in source
            ? source.naturalWidth
            : source.width;
      const height =
        'videoHeight' in source
          ? source.videoHeight
          : 'naturalHeight' in source
            ? source.naturalHeight
            : source.height;
      if (!width || !height) return null;
      // A mailed QR is ~100 px: scaled up with hard edges, it decodes far more reliably.
      const scale = Math.max(1, Math.min(4, Math.floor(480 / Math.max(width, height))));
      canvas.width = width * scale;
      canvas.height = height * scale;
      const context = canvas.getContext('2d', { willReadFrequently: true });
      if (!context) return null;
      context.imageSmoothingEnabled = false;
      context.fillStyle = '#fff';
      context.fillRect(0, 0, canvas.width, canvas.height);
      context.drawImage(source, 0, 0, canvas.width, canvas.height);
      try {
        return reader.decodeFromCanvas(canvas).getText();
      } catch {
        // No code in this frame: the next one may have it.
        return null;
      }
    };
  })();
  return chosen;
}

/** The code in a photo the staff took or picked (the fallback when the camera cannot stream). */
export async function decodeFile(file: Blob): Promise<string | null> {
  // A bitmap rather than an <img> of a blob: URL, which the page's CSP (img-src 'self' data:) refuses.
  const bitmap = await createImageBitmap(file);
  try {
    return await (
      await qrDecoder()
    )(bitmap);
  } finally {
    bitmap.close();
  }
}
