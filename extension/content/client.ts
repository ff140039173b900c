/** The content script's side of the content protocol: typed requests, typed answers, errors as exceptions. */
import { browser } from 'wxt/browser';
import type { ContentAnswer, ContentAnswers, ContentRequest } from '../messages/content-protocol.js';

export class ContentRefusal extends Error {
  constructor(readonly code: string, message: string) {
    super(message);
  }
}

export async function askBackground<T extends ContentRequest['type']>(request: Extract<ContentRequest, { type: T }>): Promise<ContentAnswers[T]> {
  const answer = (await browser.runtime.sendMessage(request)) as ContentAnswer<T> | undefined;
  if (!answer) throw new ContentRefusal('no-answer', 'KeyHaven did not answer; reload the page');
  if (!answer.ok) throw new ContentRefusal(answer.error.code, answer.error.message);
  return answer.data;
}
