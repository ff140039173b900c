-- A token's refusals of the day are counted before another is recorded (the cap holds across instances,
-- server/token-usage.ts), and a token list shows each token's latest refusal: both look events up by token.
create index access_token_events_token on access_token_events(token_id, kind, at);
