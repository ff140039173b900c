/**
 * The sync server's address as a person types it, checked before anything is sent: what is wrong, in
 * words, or null. http is accepted only for this machine (a server started for development); anywhere
 * else the sign-in and every ciphertext would cross the network readable and alterable.
 */
export const SERVER_PLACEHOLDER = 'https://keyhaven.example.com';

const LOCAL_HOST = /^(localhost|[^.]+\.localhost|127(\.\d{1,3}){3}|\[::1\])$/i;

export function serverAddressProblem(text: string): string | null {
  const typed = text.trim();
  if (!typed) return 'Give the address of your KeyHaven sync server, e.g. https://keyhaven.example.com.';
  let url: URL;
  try {
    url = new URL(typed);
  } catch {
    return `“${typed}” is not a web address: it starts with https://, e.g. https://keyhaven.example.com.`;
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return `A sync server's address starts with https://, not ${url.protocol}//.`;
  if (url.protocol === 'http:' && !LOCAL_HOST.test(url.hostname)) return `Use https:// for ${url.hostname}: over http, what the server and this browser exchange could be read and changed on the way. (http is for a server on this machine.)`;
  return null;
}
