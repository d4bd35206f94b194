import { lazy } from 'react';
import { BrowserRouter, Route } from 'react-router-dom';
import { Admin, CustomRoutes, Resource, localStorageStore } from 'react-admin';
import { authProvider } from './auth/authProvider.js';
import { LoginPage } from './auth/LoginPage.js';
import { dataProvider } from './api/dataProvider.js';
import { i18nProvider } from './i18n/index.js';
import { Layout } from './layout/Layout.js';
import { theme } from './layout/theme.js';
import documents from './resources/documents/index.js';
import incomingLetters from './resources/incoming-letters/index.js';
import dispositions from './resources/dispositions/index.js';
import agreements from './resources/agreements/index.js';
import archive from './resources/archive/index.js';
import agencies from './resources/agencies/index.js';
import positions from './resources/positions/index.js';
import people from './resources/people/index.js';
import users from './resources/users/index.js';
import delegations from './resources/delegations/index.js';
import certificates from './resources/certificates/index.js';
import auditEvents from './resources/audit-events/index.js';

// Every screen is its own chunk: the first load carries react-admin and the
// shell only, which matters on a phone between meetings.
const Inbox = lazy(() => import('./inbox/Inbox.js'));
const Dashboard = lazy(() => import('./dashboard/Dashboard.js'));
const Verification = lazy(() => import('./verification/VerificationPage.js'));
const RetentionSchedule = lazy(() => import('./resources/archive/RetentionSchedule.js'));
const DestructionProposals = lazy(() => import('./resources/archive/DestructionProposals.js'));
const AuditChainCheck = lazy(() => import('./resources/audit-events/AuditChainCheck.js'));
const PemdaSettingsPage = lazy(() => import('./pemda/PemdaSettingsPage.js'));

export function App() {
  return (
    // Path URLs, not hash URLs: the QR code on every signed PDF points at
    // /verifikasi/<token> and the API serves the console with an SPA fallback.
    <BrowserRouter>
      <Admin
        title="Naskah"
        dataProvider={dataProvider}
        authProvider={authProvider}
        i18nProvider={i18nProvider}
        layout={Layout}
        loginPage={LoginPage}
        dashboard={Inbox}
        theme={theme}
        store={localStorageStore('1', 'naskah')}
        disableTelemetry
      >
        <Resource name="documents" {...documents} />
        <Resource name="incoming-letters" {...incomingLetters} />
        <Resource name="dispositions" {...dispositions} />
        <Resource name="agreements" {...agreements} />
        <Resource name="archive" {...archive} />
        <Resource name="agencies" {...agencies} />
        <Resource name="positions" {...positions} />
        <Resource name="people" {...people} />
        <Resource name="users" {...users} />
        <Resource name="delegations" {...delegations} />
        <Resource name="certificates" {...certificates} />
        <Resource name="audit-events" {...auditEvents} />
        <CustomRoutes>
          <Route path="/dasbor" element={<Dashboard />} />
          <Route path="/admin/jra" element={<RetentionSchedule />} />
          <Route path="/arsip/usul-musnah" element={<DestructionProposals />} />
          <Route path="/admin/audit-chain" element={<AuditChainCheck />} />
          <Route path="/admin/pemda" element={<PemdaSettingsPage />} />
        </CustomRoutes>
        <CustomRoutes noLayout>
          <Route path="/verifikasi" element={<Verification />} />
          <Route path="/verifikasi/:token" element={<Verification />} />
        </CustomRoutes>
      </Admin>
    </BrowserRouter>
  );
}
