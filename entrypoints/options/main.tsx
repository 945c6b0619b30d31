import { render } from 'preact'; render(<p>Options</p>, document.getElementById('app')!);
