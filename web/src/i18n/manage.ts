// The settings section's texts load with its screens (admins and managers only), not with the first screen.
import { i18n } from './index';
import { manageEn } from './parts/manage.en';
import { manageRu } from './parts/manage.ru';

i18n.addResourceBundle('ru', 'translation', manageRu, true, false);
i18n.addResourceBundle('en', 'translation', manageEn, true, false);
