export { SignInPage } from './components/sign-in-page';
export { ProfilePage } from './components/profile-page';
export { useSession, useUser } from './api/use-session';
