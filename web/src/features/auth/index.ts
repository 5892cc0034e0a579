export { SignInPage } from './components/sign-in-page';
export { useSession, useUser } from './api/use-session';
