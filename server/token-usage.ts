/**
 * What the server remembers of an access token's use: when and from where it was last used, its first
 * use each day and each refusal (access_token_events, which an admin's client signs into the vault's
 * chain). None of it is written before the answer: a token's request costs one indexed read, and the
 * bookkeeping follows on its own (a failure there is logged, never the request's problem).
 */
import type { Deps } from './context.js';

/** A token used again within this long, from the same address, does not write its last use again. */
const TOUCH_EVERY_MS = 60_000;
/**
 * Refusals become signed entries in the vault's chain, so whoever holds a leaked, revoked token must not
 * be able to fill it: one event per token, reason and address each UTC day, and at most this many per
 * token and day, counted in the database so the cap holds across instances (two instances racing on the
 * last one may both write it). The per-instance memory below only spares the database repeated refusals.
 */
const REFUSALS_PER_TOKEN_DAY = 20;

export interface TokenRow {
  id: string;
  vault_id: string;
  last_used_at: Date | null;
  last_used_ip: string | null;
}

const utcDay = (d: Date) => d.toISOString().slice(0, 10);

export class TokenUsage {
  /** Refusals recorded today, by "token:reason:address" and by token (the count). */
  private readonly refusals = new Set<string>();
  private readonly refusalCounts = new Map<string, number>();
  private refusalDay = '';

  constructor(private readonly deps: Deps) {}

  used(token: TokenRow, ip: string, now = new Date()): void {
    const last = token.last_used_at;
    const firstToday = !last || utcDay(last) !== utcDay(now);
    if (!firstToday && token.last_used_ip === ip && now.getTime() - last!.getTime() < TOUCH_EVERY_MS) return;
    this.later(async () => {
      await this.deps.sql`update access_tokens set last_used_at = ${now}, last_used_ip = ${ip} where id = ${token.id}`;
      if (firstToday) await this.event(token, 'use', null, ip, now);
    });
  }

  refused(token: TokenRow, reason: string, ip: string, now = new Date()): void {
    if (utcDay(now) !== this.refusalDay || this.refusals.size > 100_000) {
      this.refusalDay = utcDay(now);
      this.refusals.clear();
      this.refusalCounts.clear();
    }
    const key = `${token.id}:${reason}:${ip}`;
    const count = this.refusalCounts.get(token.id) ?? 0;
    if (this.refusals.has(key) || count >= REFUSALS_PER_TOKEN_DAY) return;
    this.refusals.add(key);
    this.refusalCounts.set(token.id, count + 1);
    this.later(() => this.event(token, 'refuse', reason, ip, now));
  }

  private async event(token: TokenRow, kind: 'use' | 'refuse', reason: string | null, ip: string, at: Date): Promise<void> {
    // One use per token and UTC day, one refusal per token, reason and address a day, at most
    // REFUSALS_PER_TOKEN_DAY refusals a day: checked here, in the database, so the rule holds across
    // instances and whatever this instance remembers (two requests racing on the very first one may
    // still both write it, which is harmless).
    const day = new Date(`${utcDay(at)}T00:00:00Z`);
    const written = await this.deps.sql`
      insert into access_token_events (token_id, vault_id, kind, reason, ip, at)
      select ${token.id}, ${token.vault_id}, ${kind}, ${reason}, ${ip}, ${at}
      where not exists (
          select 1 from access_token_events
          where token_id = ${token.id} and kind = ${kind} and at >= ${day} and (${kind} = 'use' or (reason = ${reason} and ip = ${ip})))
        and (${kind} = 'use' or (select count(*) from access_token_events where token_id = ${token.id} and kind = 'refuse' and at >= ${day}) < ${REFUSALS_PER_TOKEN_DAY})`;
    if (written.count === 0) return;
    await this.deps.notifier.publish({ vaultId: token.vault_id, kind: 'tokens', seq: 0 });
  }

  private later(work: () => Promise<void>): void {
    setImmediate(() => void work().catch((error: unknown) => this.deps.log.warn('token usage not recorded', { error: String(error) })));
  }
}
