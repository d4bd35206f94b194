import { Menu as RaMenu, usePermissions, useTranslate } from 'react-admin';
import InboxIcon from '@mui/icons-material/Inbox';
import PostAddIcon from '@mui/icons-material/PostAdd';
import DescriptionIcon from '@mui/icons-material/Description';
import MoveToInboxIcon from '@mui/icons-material/MoveToInbox';
import AccountTreeIcon from '@mui/icons-material/AccountTree';
import AssessmentIcon from '@mui/icons-material/Assessment';
import Inventory2Icon from '@mui/icons-material/Inventory2';
import VerifiedIcon from '@mui/icons-material/Verified';
import InsightsIcon from '@mui/icons-material/Insights';
import ApartmentIcon from '@mui/icons-material/Apartment';
import BadgeIcon from '@mui/icons-material/Badge';
import PeopleIcon from '@mui/icons-material/People';
import ManageAccountsIcon from '@mui/icons-material/ManageAccounts';
import SwapHorizIcon from '@mui/icons-material/SwapHoriz';
import KeyIcon from '@mui/icons-material/Key';
import EventNoteIcon from '@mui/icons-material/EventNote';
import LinkIcon from '@mui/icons-material/Link';
import HistoryIcon from '@mui/icons-material/History';
import DeleteSweepIcon from '@mui/icons-material/DeleteSweep';
import AccountBalanceIcon from '@mui/icons-material/AccountBalance';
import Divider from '@mui/material/Divider';
import type { ReactElement } from 'react';
import type { Role } from '../auth/authProvider.js';

interface Item {
  to: string;
  label: string;
  icon: ReactElement;
  /** Who sees it; undefined = every signed-in user. */
  roles?: Role[];
}

// Reviewer and signer rights also come from routing steps, so the inbox and
// the document list are open to everyone; the rest follow the roles.
const WORK: Item[] = [
  { to: '/', label: 'naskah.menu.inbox', icon: <InboxIcon /> },
  // The API lets only drafters start a konsep (POST /documents needs the drafter role).
  { to: '/documents/create', label: 'naskah.menu.compose', icon: <PostAddIcon />, roles: ['drafter'] },
  { to: '/documents', label: 'naskah.menu.documents', icon: <DescriptionIcon /> },
  { to: '/incoming-letters', label: 'naskah.menu.incoming', icon: <MoveToInboxIcon />, roles: ['secretariat', 'leader', 'signer', 'admin'] },
  { to: '/dispositions', label: 'naskah.menu.dispositions', icon: <AccountTreeIcon /> },
  { to: '/agreements', label: 'naskah.menu.agreements', icon: <AssessmentIcon />, roles: ['drafter', 'signer', 'leader', 'secretariat', 'admin'] },
  // Inspektorat oversees every agency, as the API's region scope does.
  { to: '/dasbor', label: 'naskah.menu.dashboard', icon: <InsightsIcon />, roles: ['leader', 'admin', 'auditor'] },
  { to: '/archive', label: 'naskah.menu.archive', icon: <Inventory2Icon />, roles: ['auditor', 'secretariat', 'admin'] },
  { to: '/arsip/usul-musnah', label: 'naskah.menu.usulMusnah', icon: <DeleteSweepIcon />, roles: ['secretariat', 'admin'] },
  { to: '/audit-events', label: 'naskah.menu.audit', icon: <HistoryIcon />, roles: ['auditor', 'admin'] },
  { to: '/verifikasi', label: 'naskah.menu.verify', icon: <VerifiedIcon /> },
];

const ADMIN: Item[] = [
  { to: '/admin/pemda', label: 'naskah.menu.pemda', icon: <AccountBalanceIcon /> },
  { to: '/agencies', label: 'naskah.menu.agencies', icon: <ApartmentIcon /> },
  { to: '/positions', label: 'naskah.menu.positions', icon: <BadgeIcon /> },
  { to: '/people', label: 'naskah.menu.people', icon: <PeopleIcon /> },
  { to: '/users', label: 'naskah.menu.users', icon: <ManageAccountsIcon /> },
  { to: '/delegations', label: 'naskah.menu.delegations', icon: <SwapHorizIcon /> },
  { to: '/certificates', label: 'naskah.menu.certificates', icon: <KeyIcon /> },
  { to: '/admin/jra', label: 'naskah.menu.jra', icon: <EventNoteIcon /> },
  { to: '/admin/audit-chain', label: 'naskah.menu.auditChain', icon: <LinkIcon /> },
];

export function Menu() {
  const { permissions } = usePermissions();
  const translate = useTranslate();
  const roles: string[] = Array.isArray(permissions) ? permissions : [];
  const visible = (item: Item) => !item.roles || item.roles.some((r) => roles.includes(r));
  return (
    <RaMenu>
      {WORK.filter(visible).map((item) => (
        <RaMenu.Item key={item.to} to={item.to} primaryText={translate(item.label)} leftIcon={item.icon} />
      ))}
      {roles.includes('admin') && <Divider />}
      {roles.includes('admin') &&
        ADMIN.map((item) => <RaMenu.Item key={item.to} to={item.to} primaryText={translate(item.label)} leftIcon={item.icon} />)}
    </RaMenu>
  );
}
