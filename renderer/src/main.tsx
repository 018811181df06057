// Dev only (empty in a build): installs React Refresh from a module, because the
// inline preamble plugin-react would add to index.html is refused by the page's CSP.
import '@vitejs/plugin-react/preamble';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import './styles.css';

const container = document.getElementById('root');
if (!container) throw new Error('index.html must contain #root');

createRoot(container).render(<App api={window.whisperControl} />);
