/**
 * Receives the content script's messages: validated against the content protocol, run with the host
 * the browser reports for the sending tab, answered `{ok, data}` or `{ok: false, error}`.
 */
import { contentRequestSchema, type ContentAnswer, type ContentRequest } from '../messages/content-protocol.js';
import type { ContentSender } from './content-actions.js';
import { describeError, describeInvalid } from './errors.js';
import type { VaultService } from './vault-service.js';

export async function routeContent(service: VaultService, message: unknown, sender: ContentSender): Promise<ContentAnswer<ContentRequest['type']>> {
  const parsed = contentRequestSchema.safeParse(message);
  if (!parsed.success) return { ok: false, error: { code: 'bad-request', message: describeInvalid(parsed.error.issues) } };
  const request = parsed.data;
  const content = service.content;
  try {
    const data = await (async () => {
      switch (request.type) {
        case 'content.check':
          return content.check(request.values);
        case 'content.save':
          return content.save(request, sender);
        case 'content.matches':
          return content.matches(request.hint, sender, request.all ?? false);
        case 'content.fill':
          return content.fill(request.itemId, sender);
        case 'content.unlock':
          return content.unlock();
        case 'content.hello':
          // Only a sender the background let through gets here (sites/content-sender.ts).
          return { watching: true as const };
      }
    })();
    // Saving and filling are use; asking whether a key is known, or which keys fit, is not.
    if (request.type === 'content.save' || request.type === 'content.fill') await service.touch();
    return { ok: true, data } as ContentAnswer<ContentRequest['type']>;
  } catch (error) {
    return { ok: false, error: describeError(error) };
  }
}
