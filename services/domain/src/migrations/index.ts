import type { MigrationObject } from '@mikro-orm/core';
import { Migration20261123152945_initial } from './Migration20261123152945_initial.js';
import { Migration20261123161133_unread_index } from './Migration20261123161133_unread_index.js';
import { Migration20261123181639_lampiran_render_input } from './Migration20261123181639_lampiran_render_input.js';
import { Migration20261123181718_dashboard_submitted_signed } from './Migration20261123181718_dashboard_submitted_signed.js';
import { Migration20261123182118_archive_size } from './Migration20261123182118_archive_size.js';
import { Migration20261123182912_usul_musnah } from './Migration20261123182912_usul_musnah.js';

import { Migration20261123184207_signing_lockout } from './Migration20261123184207_signing_lockout.js';
import { Migration20261206173043_position_single_holder } from './Migration20261206173043_position_single_holder.js';
import { Migration20261206173100_auth_hardening } from './Migration20261206173100_auth_hardening.js';
import { Migration20261206173856_indicator_amounts } from './Migration20261206173856_indicator_amounts.js';
import { Migration20261206201929_certificate_public_base_url } from './Migration20261206201929_certificate_public_base_url.js';
import { Migration20261206203040_capaian_rulebook } from './Migration20261206203040_capaian_rulebook.js';
import { Migration20261206204638_disposition_branch } from './Migration20261206204638_disposition_branch.js';
import { Migration20261206231556_agreement_status } from './Migration20261206231556_agreement_status.js';
import { Migration20261206233000_document_signer_index } from './Migration20261206233000_document_signer_index.js';
import { Migration20261206234500_dashboard_rollup } from './Migration20261206234500_dashboard_rollup.js';
import { Migration20261207023358_pemda_setting } from './Migration20261207023358_pemda_setting.js';
import { Migration20261207024103_follow_up_status } from './Migration20261207024103_follow_up_status.js';
import { Migration20261207024200_bukti_dukung_file } from './Migration20261207024200_bukti_dukung_file.js';
import { Migration20261207061000_sealed_document_types } from './Migration20261207061000_sealed_document_types.js';
/** Every committed migration, oldest first. `migration:create` output is added here by hand. */
export const migrationsList: MigrationObject[] = [
  { name: 'Migration20261123152945_initial', class: Migration20261123152945_initial },
  { name: 'Migration20261123161133_unread_index', class: Migration20261123161133_unread_index },
  { name: 'Migration20261123181639_lampiran_render_input', class: Migration20261123181639_lampiran_render_input },
  { name: 'Migration20261123181718_dashboard_submitted_signed', class: Migration20261123181718_dashboard_submitted_signed },
  { name: 'Migration20261123182118_archive_size', class: Migration20261123182118_archive_size },
  { name: 'Migration20261123182912_usul_musnah', class: Migration20261123182912_usul_musnah },
  { name: 'Migration20261123184207_signing_lockout', class: Migration20261123184207_signing_lockout },
  { name: 'Migration20261206173043_position_single_holder', class: Migration20261206173043_position_single_holder },
  { name: 'Migration20261206173100_auth_hardening', class: Migration20261206173100_auth_hardening },
  { name: 'Migration20261206173856_indicator_amounts', class: Migration20261206173856_indicator_amounts },
  { name: 'Migration20261206201929_certificate_public_base_url', class: Migration20261206201929_certificate_public_base_url },
  { name: 'Migration20261206203040_capaian_rulebook', class: Migration20261206203040_capaian_rulebook },
  { name: 'Migration20261206204638_disposition_branch', class: Migration20261206204638_disposition_branch },
  { name: 'Migration20261206231556_agreement_status', class: Migration20261206231556_agreement_status },
  { name: 'Migration20261206233000_document_signer_index', class: Migration20261206233000_document_signer_index },
  { name: 'Migration20261206234500_dashboard_rollup', class: Migration20261206234500_dashboard_rollup },
  { name: 'Migration20261207023358_pemda_setting', class: Migration20261207023358_pemda_setting },
  { name: 'Migration20261207024103_follow_up_status', class: Migration20261207024103_follow_up_status },
  { name: 'Migration20261207024200_bukti_dukung_file', class: Migration20261207024200_bukti_dukung_file },
  { name: 'Migration20261207061000_sealed_document_types', class: Migration20261207061000_sealed_document_types },
];
