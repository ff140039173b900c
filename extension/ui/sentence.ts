/**
 * A refusal said as a sentence: capital first letter, closing full stop. The background's messages are
 * written lower-case to be composed ("cannot reach http://… (connection failed)"); on screen, alone on
 * their line, they read as raw exceptions without this.
 */
export function asSentence(message: string): string {
  const text = message.trim();
  if (!text) return text;
  const capital = text[0]!.toLocaleUpperCase() + text.slice(1);
  return /[.!?…]$/.test(capital) ? capital : `${capital}.`;
}
