import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { RouterProvider } from 'react-router';
import { realtime } from './api/realtime';
import { session } from './api/session';
import { Providers } from './app/providers';
import { router } from './app/router';
import './i18n';

realtime.start();
void session.restore();

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <Providers>
      <RouterProvider router={router} />
    </Providers>
  </StrictMode>,
);
