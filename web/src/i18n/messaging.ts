// Messaging settings, feedback and the messaging figures load their texts with their screens, not with the first screen.
import { i18n } from './index';
import { messagingEn } from './parts/messaging.en';
import { messagingRu } from './parts/messaging.ru';

i18n.addResourceBundle('ru', 'translation', messagingRu, true, false);
i18n.addResourceBundle('en', 'translation', messagingEn, true, false);
