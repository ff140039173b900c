/** The popup's side of the message protocol: typed requests, typed answers, errors as exceptions. */
import { browser } from 'wxt/browser';
import type { Answer, Answers, Request } from '../messages/protocol.js';

export class BackgroundRefusal extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

export async function ask<T extends Request['type']>(request: Extract<Request, { type: T }>): Promise<Answers[T]> {
  const answer = (await browser.runtime.sendMessage(request)) as Answer<T> | undefined;
  if (!answer) throw new BackgroundRefusal('no-answer', 'the background worker did not answer; reopen the popup');
  if (!answer.ok) throw new BackgroundRefusal(answer.error.code, answer.error.message);
  return answer.data;
}
