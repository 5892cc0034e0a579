export { applyFloorEvent } from './api/floor-events';
/** The page loads when first opened (managers only). */
export const loadFloorPage = () => import('./components/floor-page').then((m) => m.FloorPage);
