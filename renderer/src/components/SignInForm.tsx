import { useEffect, useRef, type FormEvent } from 'react';
import { useI18n } from '../i18n';

interface Props {
  readonly agentId: string | null;
  /** The gateway said the agent is signed in elsewhere: ask before forcing. */
  readonly confirmForce: boolean;
  readonly busy: boolean;
  readonly onSignIn: (password: string, force: boolean) => void;
  readonly onCancelForce: () => void;
}

/**
 * The password lives only in the DOM field until submit: it is read once, the
 * field is cleared, and it is never put in React state or shown again. Forcing
 * a sign-in therefore asks for it again rather than keeping it around.
 */
export function SignInForm({ agentId, confirmForce, busy, onSignIn, onCancelForce }: Props) {
  const { t } = useI18n();
  const passwordRef = useRef<HTMLInputElement>(null);

  useEffect(() => {
    passwordRef.current?.focus();
  }, [confirmForce]);

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const field = passwordRef.current;
    if (!field) return;
    const password = field.value;
    field.value = '';
    onSignIn(password, confirmForce);
  }

  return (
    <section className={`card sign-in${confirmForce ? ' caution' : ''}`} aria-labelledby="sign-in-heading">
      <h2 id="sign-in-heading">{t(confirmForce ? 'forceHeading' : 'signIn')}</h2>
      <p className="muted">{confirmForce ? t('forceIntro') : agentId ? t('signInAs', { agent: agentId }) : t('noAgentId')}</p>
      {/* `required` lets the browser refuse an empty password in the OS language before submit runs. */}
      <form onSubmit={submit}>
        <label htmlFor="password">{t('password')}</label>
        <input
          ref={passwordRef}
          id="password"
          name="password"
          type="password"
          autoComplete="current-password"
          required
          disabled={busy || !agentId}
        />
        <div className="row">
          <button type="submit" className={`button ${confirmForce ? 'danger' : 'primary'}`} disabled={busy || !agentId}>
            {t(confirmForce ? 'force' : 'signIn')}
          </button>
          {confirmForce && (
            <button type="button" className="button quiet" onClick={onCancelForce}>
              {t('cancel')}
            </button>
          )}
        </div>
      </form>
    </section>
  );
}
