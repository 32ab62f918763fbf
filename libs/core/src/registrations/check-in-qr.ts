import { toBuffer } from 'qrcode';
import { MailAttachment } from '../notifications/mail-message.entity';

export const CHECK_IN_QR_CID = 'check-in-qr@hirefair';

/**
 * A QR code of the check-in code as an inline PNG attachment, shown by `<img src="cid:...">`:
 * mail clients show those, where many block `data:` URIs.
 */
export async function checkInQr(code: string): Promise<MailAttachment> {
  const png = await toBuffer(code, { errorCorrectionLevel: 'M', margin: 1, scale: 4 });
  return {
    filename: 'check-in-code.png',
    contentType: 'image/png',
    content: png.toString('base64'),
    encoding: 'base64',
    cid: CHECK_IN_QR_CID,
  };
}
