import { render } from 'preact'; render(<p>Send to TikTok</p>, document.getElementById('app')!);
