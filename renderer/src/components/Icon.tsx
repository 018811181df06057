/** Icons that say what an action does to the call, drawn so that shape alone tells them apart. */
export type IconName = 'listen' | 'whisper' | 'insert' | 'intercept' | 'stop' | 'idle';

const PATHS: Readonly<Record<IconName, string>> = {
  // Headphones: only you hear.
  listen: 'M4 13v-1a8 8 0 0 1 16 0v1M4 13h3v6H4zM17 13h3v6h-3z',
  // A speech bubble with a hush line: the agent hears you, the customer does not.
  whisper: 'M4 5h16v10H9l-5 4zM8 10h8',
  // A loudspeaker with waves: the customer hears you.
  insert: 'M4 9h4l5-4v14l-5-4H4zM16 9a4 4 0 0 1 0 6M18.5 6.5a8 8 0 0 1 0 11',
  // A handset with an arrow to you: the call moves to you.
  intercept: 'M5 4h4l2 5-2.5 1.5a11 11 0 0 0 5 5L15 13l5 2v4a1 1 0 0 1-1 1A16 16 0 0 1 4 5a1 1 0 0 1 1-1zM14 3h7v7M21 3l-7 7',
  stop: 'M6 6h12v12H6z',
  // An empty ring: connected, nothing monitored.
  idle: 'M12 4a8 8 0 1 0 0.01 0z',
};

export function Icon({ name, className }: { name: IconName; className?: string }) {
  return (
    <svg className={`icon${className ? ` ${className}` : ''}`} viewBox="0 0 24 24" aria-hidden="true" focusable="false">
      <path d={PATHS[name]} />
    </svg>
  );
}
