export { ConsentPanel } from './components/consent-panel';
