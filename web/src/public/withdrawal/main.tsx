import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import '../shared/public.css';
import { WithdrawalPage } from './withdrawal-page';

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <WithdrawalPage />
  </StrictMode>,
);
