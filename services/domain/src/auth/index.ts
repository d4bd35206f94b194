export {
  loginThrottlePolicy, reserveLoginAttempt, forgetIdleLoginThrottleKeys, loginAttemptSucceeded, loginAttemptFailed, clearLoginThrottle, type LoginThrottleKeys,
} from './login-throttle.js';
export {
  storeRefreshToken, lockRefreshToken, revokeRefreshFamilyById, markRefreshTokenUsed, revokeRefreshFamilyOf, revokeUserSessions, type RefreshTokenState,
} from './refresh-tokens.js';
export { loginUserByName, loginUserById, recordLastLogin, type LoginUserRow } from './login-users.js';
export { signingLockSeconds, recordFailedSigning, clearFailedSignings } from './signing-lockout.js';
