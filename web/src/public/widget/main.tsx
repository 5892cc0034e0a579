import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import '../shared/public.css';
import { BookingWidget } from './booking-widget';

const params = new URLSearchParams(location.search);

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <BookingWidget intakeKey={params.get('key')} preset={{ serviceId: params.get('service') ?? undefined, doctorId: params.get('doctor') ?? undefined }} />
  </StrictMode>,
);

// Inside a clinic's page (the embed script's iframe): tell it how tall the widget is, so it never scrolls inside a frame.
if (window.parent !== window) {
  const report = () => window.parent.postMessage({ type: 'clinicdesk:widget-height', height: Math.ceil(document.documentElement.scrollHeight) }, '*');
  new ResizeObserver(report).observe(document.body);
  report();
}
