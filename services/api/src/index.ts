export { createApp, start, stop, type AppDeps, type NaskahApi } from './app.js';
