// The script a clinic's website includes to show online booking where the tag stands:
//   <script src="https://crm.clinic.example/widget.js" data-key="…" async></script>
// Optional: data-service, data-doctor (preselect), data-lang (ru | en), data-height (initial, px).
// It adds an iframe with the widget page of the same server and grows it to the widget's height.
(() => {
  const script = document.currentScript as HTMLScriptElement | null;
  if (!script) return;
  const origin = new URL(script.src).origin;
  const params = new URLSearchParams();
  for (const [attribute, name] of [
    ['data-key', 'key'],
    ['data-service', 'service'],
    ['data-doctor', 'doctor'],
    ['data-lang', 'lang'],
  ] as const) {
    const value = script.getAttribute(attribute);
    if (value) params.set(name, value);
  }
  const frame = document.createElement('iframe');
  frame.src = `${origin}/widget?${params}`;
  frame.title = script.getAttribute('data-title') ?? 'Запись на приём';
  frame.loading = 'lazy';
  frame.style.cssText = `width:100%;max-width:720px;border:0;display:block;height:${Number(script.getAttribute('data-height')) || 640}px`;
  script.after(frame);
  window.addEventListener('message', (event: MessageEvent) => {
    const data = event.data as { type?: string; height?: number } | null;
    if (event.origin !== origin || event.source !== frame.contentWindow || data?.type !== 'clinicdesk:widget-height' || typeof data.height !== 'number') return;
    frame.style.height = `${Math.max(200, Math.min(4000, data.height))}px`;
  });
})();
