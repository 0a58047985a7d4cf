/** `persistent://tenant/ns/topic` → `persistent/tenant/ns/topic` (the WebSocket and admin REST path form). */
export function topicPath(topic: string): string {
  const match = /^(persistent|non-persistent):\/\/([^/]+)\/([^/]+)\/([^/]+)$/.exec(topic);
  if (!match) {
    throw new Error(`Invalid topic name "${topic}": expected persistent://tenant/namespace/topic`);
  }
  const [, domain, tenant, namespace, local] = match;
  return [domain, tenant, namespace, local].map(encodeURIComponent).join('/');
}

/** `http://host:8080` → `ws://host:8080` (https → wss). */
export function webSocketBaseUrl(httpUrl: string): string {
  return httpUrl.replace(/\/+$/, '').replace(/^http(s?):\/\//, (_m, s: string) => `ws${s}://`);
}
