import { render } from 'preact';
import '@/components/ui.css';
import './chooser.css';
import { t } from '@/utils/i18n';
import { App } from './App';

// The page's tab title and language in the browser's language (index.html holds the English ones).
document.title = t('chooserPageTitle');
document.documentElement.lang = t('langCode');

render(<App />, document.getElementById('app')!);
