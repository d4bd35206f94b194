import { Migration } from '@mikro-orm/migrations';

export class Migration20261123152945_initial extends Migration {

  override up(): void | Promise<void> {
    this.addSql(`create table "audit_event" ("id" bigserial primary key, "seq" bigint not null, "actor_id" int null, "actor_name" varchar(255) not null default '', "on_behalf_of" varchar(255) null, "action" varchar(64) not null, "subject_type" varchar(48) not null, "subject_id" varchar(64) not null, "agency_id" int null, "at" timestamptz not null, "data" jsonb not null, "prev_hash" varchar(64) not null, "hash" varchar(64) not null);`);
    this.addSql(`alter table "audit_event" add constraint "audit_event_seq_unique" unique ("seq");`);
    this.addSql(`create index "audit_event_actor_id_index" on "audit_event" ("actor_id");`);
    this.addSql(`create index "audit_event_subject_type_subject_id_index" on "audit_event" ("subject_type", "subject_id");`);
    this.addSql(`create index "audit_event_action_index" on "audit_event" ("action");`);
    this.addSql(`create index "audit_event_at_index" on "audit_event" ("at");`);

    this.addSql(`create table "outbox" ("id" serial primary key, "topic" varchar(64) not null, "key" varchar(255) not null, "payload" jsonb not null, "attempts" int not null default 0, "created_at" timestamptz not null, "processed_at" timestamptz null);`);
    this.addSql(`alter table "outbox" add constraint "outbox_key_unique" unique ("key");`);
    this.addSql(`create index "outbox_processed_at_index" on "outbox" ("processed_at");`);

    this.addSql(`create table "region" ("id" serial primary key, "code" varchar(16) not null, "kind" text not null, "name" varchar(255) not null, "capital" varchar(255) not null);`);
    this.addSql(`alter table "region" add constraint "region_code_unique" unique ("code");`);

    this.addSql(`create table "agency" ("id" serial primary key, "region_id" int not null, "code" varchar(32) not null, "name" varchar(255) not null, "address" varchar(255) not null default '', "phone" varchar(255) not null default '', "email" varchar(255) not null default '', "website" varchar(255) not null default '', "city" varchar(255) not null default '', "postal_code" varchar(8) not null default '');`);
    this.addSql(`alter table "agency" add constraint "agency_code_unique" unique ("code");`);

    this.addSql(`create table "org_unit" ("id" serial primary key, "agency_id" int not null, "parent_id" int null, "code" varchar(32) not null, "name" varchar(255) not null);`);
    this.addSql(`create index "org_unit_agency_id_index" on "org_unit" ("agency_id");`);
    this.addSql(`alter table "org_unit" add constraint "org_unit_agency_id_code_unique" unique ("agency_id", "code");`);

    this.addSql(`create table "position" ("id" serial primary key, "agency_id" int not null, "unit_id" int null, "title" varchar(255) not null, "eselon" varchar(8) null, "superior_id" int null);`);
    this.addSql(`create index "position_agency_id_index" on "position" ("agency_id");`);
    this.addSql(`create index "position_superior_id_index" on "position" ("superior_id");`);

    this.addSql(`create table "person" ("id" serial primary key, "name" varchar(255) not null, "nip" varchar(18) null, "nik" varchar(16) not null, "email" varchar(255) not null default '', "phone" varchar(255) not null default '', "agency_id" int not null, "position_id" int null);`);
    this.addSql(`alter table "person" add constraint "person_nip_unique" unique ("nip");`);
    this.addSql(`alter table "person" add constraint "person_nik_unique" unique ("nik");`);
    this.addSql(`create index "person_agency_id_index" on "person" ("agency_id");`);
    this.addSql(`create index "person_position_id_index" on "person" ("position_id");`);

    this.addSql(`create table "notification" ("id" serial primary key, "recipient_id" int not null, "kind" varchar(48) not null, "subject_type" varchar(48) not null, "subject_id" int not null, "title" varchar(255) not null, "body" text not null default '', "read_at" timestamptz null, "created_at" timestamptz not null);`);
    this.addSql(`create index "notification_recipient_id_read_at_index" on "notification" ("recipient_id", "read_at");`);

    this.addSql(`create table "certificate" ("id" serial primary key, "person_id" int not null, "serial" varchar(64) not null, "subject" varchar(255) not null default '', "issuer" varchar(255) not null default '', "status" text not null default 'active', "not_before" timestamptz not null, "not_after" timestamptz not null, "provider" text not null default 'internal', "keystore_ref" varchar(255) null, "revoked_at" timestamptz null);`);
    this.addSql(`create index "certificate_person_id_index" on "certificate" ("person_id");`);
    this.addSql(`alter table "certificate" add constraint "certificate_serial_unique" unique ("serial");`);

    this.addSql(`create table "delegation" ("id" serial primary key, "kind" text not null, "position_id" int not null, "delegate_id" int not null, "valid_from" timestamptz not null, "valid_to" timestamptz not null, "reason" text not null, "created_by_id" int null, "revoked_at" timestamptz null, "created_at" timestamptz not null);`);
    this.addSql(`create index "delegation_position_id_valid_from_index" on "delegation" ("position_id", "valid_from");`);
    this.addSql(`create index "delegation_delegate_id_valid_from_index" on "delegation" ("delegate_id", "valid_from");`);

    this.addSql(`create table "number_sequence" ("id" serial primary key, "agency_id" int not null, "unit_id" int not null default 0, "archive_code" varchar(32) not null, "year" int not null, "last_value" int not null default 0);`);
    this.addSql(`alter table "number_sequence" add constraint "number_sequence_agency_id_unit_id_archive_code_year_unique" unique ("agency_id", "unit_id", "archive_code", "year");`);

    this.addSql(`create table "incoming_letter" ("id" serial primary key, "agency_id" int not null, "agenda_number" varchar(64) not null, "sender_name" varchar(255) not null, "sender_number" varchar(255) not null, "sender_date" date not null, "received_at" timestamptz not null, "sifat" text not null default 'biasa', "classification" text not null default 'biasa', "hal" text not null, "addressed_to_id" int null, "scan_object_key" varchar(255) null, "scan_sha256" varchar(64) null, "scan_size" bigint null, "registered_by_id" int not null, "created_at" timestamptz not null);`);
    this.addSql(`create index "incoming_letter_addressed_to_id_index" on "incoming_letter" ("addressed_to_id");`);
    this.addSql(`create index "incoming_letter_agency_id_received_at_index" on "incoming_letter" ("agency_id", "received_at");`);
    this.addSql(`alter table "incoming_letter" add constraint "incoming_letter_agency_id_agenda_number_unique" unique ("agency_id", "agenda_number");`);

    this.addSql(`create table "disposition" ("id" serial primary key, "incoming_letter_id" int not null, "parent_id" int null, "from_position_id" int not null, "from_person_id" int not null, "to_position_id" int not null, "instruction" varchar(255) not null, "note" text not null default '', "deadline" timestamptz null, "read_at" timestamptz null, "state" text not null default 'sent', "follow_up" text null, "follow_up_object_key" varchar(255) null, "follow_up_at" timestamptz null, "workflow_id" varchar(255) null, "created_at" timestamptz not null);`);
    this.addSql(`create index "disposition_incoming_letter_id_index" on "disposition" ("incoming_letter_id");`);
    this.addSql(`create index "disposition_to_position_id_state_index" on "disposition" ("to_position_id", "state");`);
    this.addSql(`create index "disposition_from_position_id_state_index" on "disposition" ("from_position_id", "state");`);

    this.addSql(`create table "document" ("id" serial primary key, "agency_id" int not null, "unit_id" int null, "type" text not null, "hal" text not null, "sifat" text not null default 'biasa', "classification" text not null default 'biasa', "archive_code" varchar(32) not null, "lampiran" int not null default 0, "kepada" jsonb not null, "tembusan" jsonb not null, "content" jsonb not null, "drafter_id" int not null, "signer_position_id" int null, "status" text not null default 'draft', "number" varchar(96) null, "workflow_id" varchar(255) null, "created_at" timestamptz not null, "updated_at" timestamptz not null, "signed_at" timestamptz null);`);
    this.addSql(`alter table "document" add constraint "document_number_unique" unique ("number");`);
    this.addSql(`create index "document_agency_id_created_at_index" on "document" ("agency_id", "created_at");`);
    this.addSql(`create index "document_agency_id_status_created_at_index" on "document" ("agency_id", "status", "created_at");`);
    this.addSql(`create index "document_agency_id_type_created_at_index" on "document" ("agency_id", "type", "created_at");`);
    this.addSql(`create index "document_drafter_id_status_index" on "document" ("drafter_id", "status");`);
    this.addSql(`create index "document_archive_code_index" on "document" ("archive_code");`);

    this.addSql(`create table "number_allocation" ("id" serial primary key, "sequence_id" int not null, "value" int not null, "number" varchar(96) not null, "document_id" int null, "status" text not null default 'allocated', "allocated_at" timestamptz not null, "cancelled_at" timestamptz null, "cancel_reason" text null);`);
    this.addSql(`alter table "number_allocation" add constraint "number_allocation_number_unique" unique ("number");`);
    this.addSql(`create index "number_allocation_document_id_index" on "number_allocation" ("document_id");`);
    this.addSql(`alter table "number_allocation" add constraint "number_allocation_sequence_id_value_unique" unique ("sequence_id", "value");`);

    this.addSql(`create table "document_version" ("id" serial primary key, "document_id" int not null, "no" int not null, "object_key" varchar(255) not null, "sha256" varchar(64) not null, "size" bigint not null, "reason" varchar(32) not null, "author_id" int not null, "created_at" timestamptz not null);`);
    this.addSql(`alter table "document_version" add constraint "document_version_document_id_no_unique" unique ("document_id", "no");`);

    this.addSql(`create table "document_recipient" ("id" serial primary key, "document_id" int not null, "position_id" int not null, "kind" text not null, "delivered_at" timestamptz null, "read_at" timestamptz null);`);
    this.addSql(`create index "document_recipient_position_id_kind_delivered_at_index" on "document_recipient" ("position_id", "kind", "delivered_at");`);
    this.addSql(`alter table "document_recipient" add constraint "document_recipient_document_id_position_id_kind_unique" unique ("document_id", "position_id", "kind");`);

    this.addSql(`create table "archive_record" ("id" serial primary key, "document_id" int not null, "object_key" varchar(255) not null, "version_id" varchar(255) null, "sha256" varchar(64) not null, "archive_code" varchar(32) not null, "retention_until" date not null, "fate" text not null, "legal_hold" boolean not null default false, "archived_at" timestamptz not null);`);
    this.addSql(`alter table "archive_record" add constraint "archive_record_document_id_unique" unique ("document_id");`);
    this.addSql(`create index "archive_record_archive_code_index" on "archive_record" ("archive_code");`);

    this.addSql(`create table "agreement" ("id" serial primary key, "kind" text not null, "agency_id" int not null, "title" varchar(255) not null, "year" int not null, "version" int not null default 1, "previous_id" int null, "parties" jsonb not null, "parallel" boolean not null default false, "document_id" int null, "status" text not null default 'draft', "created_at" timestamptz not null);`);
    this.addSql(`create index "agreement_agency_id_year_index" on "agreement" ("agency_id", "year");`);

    this.addSql(`create table "indicator" ("id" serial primary key, "agreement_id" int not null, "code" varchar(32) not null, "name" text not null, "unit" varchar(32) not null, "direction" text not null default 'higher', "target_year" numeric(14,2) not null, "target_q1" numeric(14,2) not null, "target_q2" numeric(14,2) not null, "target_q3" numeric(14,2) not null, "target_q4" numeric(14,2) not null);`);
    this.addSql(`create index "indicator_agreement_id_index" on "indicator" ("agreement_id");`);

    this.addSql(`create table "progress_report" ("id" serial primary key, "indicator_id" int not null, "quarter" int not null, "realisation" numeric(14,2) not null, "evidence" text not null default '', "evidence_object_key" varchar(255) null, "achievement" numeric(8,2) not null, "reported_by_id" int not null, "reported_at" timestamptz not null);`);
    this.addSql(`alter table "progress_report" add constraint "progress_report_indicator_id_quarter_unique" unique ("indicator_id", "quarter");`);

    this.addSql(`create table "retention_rule" ("id" serial primary key, "code_prefix" varchar(32) not null, "description" varchar(255) not null, "active_years" int not null, "inactive_years" int not null, "fate" text not null);`);
    this.addSql(`alter table "retention_rule" add constraint "retention_rule_code_prefix_unique" unique ("code_prefix");`);

    this.addSql(`create table "routing_step" ("id" serial primary key, "document_id" int not null, "kind" text not null, "step_order" int not null, "parallel_group" int null, "position_id" int not null, "acted_by_id" int null, "delegation_id" int null, "state" text not null default 'waiting', "note" text null, "due_at" timestamptz null, "acted_at" timestamptz null);`);
    this.addSql(`create index "routing_step_document_id_index" on "routing_step" ("document_id");`);
    this.addSql(`create index "routing_step_position_id_state_kind_index" on "routing_step" ("position_id", "state", "kind");`);

    this.addSql(`create table "app_user" ("id" serial primary key, "person_id" int not null, "username" varchar(64) not null, "password_hash" varchar(255) not null, "roles" text[] not null, "classified_access" boolean not null default false, "active" boolean not null default true, "failed_logins" int not null default 0, "locked_until" timestamptz null, "last_login_at" timestamptz null);`);
    this.addSql(`alter table "app_user" add constraint "app_user_person_id_unique" unique ("person_id");`);
    this.addSql(`alter table "app_user" add constraint "app_user_username_unique" unique ("username");`);

    this.addSql(`alter table "region" add constraint "region_kind_check" check ("kind" in ('kabupaten', 'kota', 'provinsi'));`);

    this.addSql(`alter table "agency" add constraint "agency_region_id_foreign" foreign key ("region_id") references "region" ("id");`);

    this.addSql(`alter table "org_unit" add constraint "org_unit_agency_id_foreign" foreign key ("agency_id") references "agency" ("id");`);
    this.addSql(`alter table "org_unit" add constraint "org_unit_parent_id_foreign" foreign key ("parent_id") references "org_unit" ("id") on delete set null;`);

    this.addSql(`alter table "position" add constraint "position_agency_id_foreign" foreign key ("agency_id") references "agency" ("id");`);
    this.addSql(`alter table "position" add constraint "position_unit_id_foreign" foreign key ("unit_id") references "org_unit" ("id") on delete set null;`);
    this.addSql(`alter table "position" add constraint "position_superior_id_foreign" foreign key ("superior_id") references "position" ("id") on delete set null;`);

    this.addSql(`alter table "person" add constraint "person_agency_id_foreign" foreign key ("agency_id") references "agency" ("id");`);
    this.addSql(`alter table "person" add constraint "person_position_id_foreign" foreign key ("position_id") references "position" ("id") on delete set null;`);

    this.addSql(`alter table "notification" add constraint "notification_recipient_id_foreign" foreign key ("recipient_id") references "person" ("id");`);

    this.addSql(`alter table "certificate" add constraint "certificate_person_id_foreign" foreign key ("person_id") references "person" ("id");`);
    this.addSql(`alter table "certificate" add constraint "certificate_status_check" check ("status" in ('active', 'revoked', 'expired'));`);
    this.addSql(`alter table "certificate" add constraint "certificate_provider_check" check ("provider" in ('internal', 'gateway'));`);

    this.addSql(`alter table "delegation" add constraint "delegation_position_id_foreign" foreign key ("position_id") references "position" ("id");`);
    this.addSql(`alter table "delegation" add constraint "delegation_delegate_id_foreign" foreign key ("delegate_id") references "person" ("id");`);
    this.addSql(`alter table "delegation" add constraint "delegation_created_by_id_foreign" foreign key ("created_by_id") references "person" ("id") on delete set null;`);
    this.addSql(`alter table "delegation" add constraint "delegation_kind_check" check ("kind" in ('plh', 'plt', 'an', 'ub'));`);

    this.addSql(`alter table "number_sequence" add constraint "number_sequence_agency_id_foreign" foreign key ("agency_id") references "agency" ("id");`);

    this.addSql(`alter table "incoming_letter" add constraint "incoming_letter_agency_id_foreign" foreign key ("agency_id") references "agency" ("id");`);
    this.addSql(`alter table "incoming_letter" add constraint "incoming_letter_addressed_to_id_foreign" foreign key ("addressed_to_id") references "position" ("id") on delete set null;`);
    this.addSql(`alter table "incoming_letter" add constraint "incoming_letter_registered_by_id_foreign" foreign key ("registered_by_id") references "person" ("id");`);
    this.addSql(`alter table "incoming_letter" add constraint "incoming_letter_sifat_check" check ("sifat" in ('biasa', 'segera', 'sangat_segera'));`);
    this.addSql(`alter table "incoming_letter" add constraint "incoming_letter_classification_check" check ("classification" in ('biasa', 'terbatas', 'rahasia', 'sangat_rahasia'));`);

    this.addSql(`alter table "disposition" add constraint "disposition_incoming_letter_id_foreign" foreign key ("incoming_letter_id") references "incoming_letter" ("id");`);
    this.addSql(`alter table "disposition" add constraint "disposition_parent_id_foreign" foreign key ("parent_id") references "disposition" ("id") on delete set null;`);
    this.addSql(`alter table "disposition" add constraint "disposition_from_position_id_foreign" foreign key ("from_position_id") references "position" ("id");`);
    this.addSql(`alter table "disposition" add constraint "disposition_from_person_id_foreign" foreign key ("from_person_id") references "person" ("id");`);
    this.addSql(`alter table "disposition" add constraint "disposition_to_position_id_foreign" foreign key ("to_position_id") references "position" ("id");`);
    this.addSql(`alter table "disposition" add constraint "disposition_state_check" check ("state" in ('sent', 'read', 'forwarded', 'done', 'withdrawn'));`);

    this.addSql(`alter table "document" add constraint "document_agency_id_foreign" foreign key ("agency_id") references "agency" ("id");`);
    this.addSql(`alter table "document" add constraint "document_unit_id_foreign" foreign key ("unit_id") references "org_unit" ("id") on delete set null;`);
    this.addSql(`alter table "document" add constraint "document_drafter_id_foreign" foreign key ("drafter_id") references "person" ("id");`);
    this.addSql(`alter table "document" add constraint "document_signer_position_id_foreign" foreign key ("signer_position_id") references "position" ("id") on delete set null;`);
    this.addSql(`alter table "document" add constraint "document_type_check" check ("type" in ('nota_dinas', 'memo', 'surat_dinas', 'surat_undangan', 'surat_edaran', 'surat_perintah', 'surat_tugas', 'berita_acara', 'laporan', 'telaahan_staf', 'perjanjian_kerja_sama', 'perjanjian_kinerja', 'lembar_disposisi'));`);
    this.addSql(`alter table "document" add constraint "document_sifat_check" check ("sifat" in ('biasa', 'segera', 'sangat_segera'));`);
    this.addSql(`alter table "document" add constraint "document_classification_check" check ("classification" in ('biasa', 'terbatas', 'rahasia', 'sangat_rahasia'));`);
    this.addSql(`alter table "document" add constraint "document_status_check" check ("status" in ('draft', 'in_review', 'returned', 'approved', 'signing', 'signed', 'distributed', 'archived', 'cancelled'));`);

    this.addSql(`alter table "number_allocation" add constraint "number_allocation_sequence_id_foreign" foreign key ("sequence_id") references "number_sequence" ("id");`);
    this.addSql(`alter table "number_allocation" add constraint "number_allocation_document_id_foreign" foreign key ("document_id") references "document" ("id") on delete set null;`);
    this.addSql(`alter table "number_allocation" add constraint "number_allocation_status_check" check ("status" in ('allocated', 'cancelled'));`);

    this.addSql(`alter table "document_version" add constraint "document_version_document_id_foreign" foreign key ("document_id") references "document" ("id");`);
    this.addSql(`alter table "document_version" add constraint "document_version_author_id_foreign" foreign key ("author_id") references "person" ("id");`);

    this.addSql(`alter table "document_recipient" add constraint "document_recipient_document_id_foreign" foreign key ("document_id") references "document" ("id");`);
    this.addSql(`alter table "document_recipient" add constraint "document_recipient_position_id_foreign" foreign key ("position_id") references "position" ("id");`);
    this.addSql(`alter table "document_recipient" add constraint "document_recipient_kind_check" check ("kind" in ('kepada', 'tembusan'));`);

    this.addSql(`alter table "archive_record" add constraint "archive_record_document_id_foreign" foreign key ("document_id") references "document" ("id");`);
    this.addSql(`alter table "archive_record" add constraint "archive_record_fate_check" check ("fate" in ('musnah', 'permanen', 'dinilai_kembali'));`);

    this.addSql(`alter table "agreement" add constraint "agreement_agency_id_foreign" foreign key ("agency_id") references "agency" ("id");`);
    this.addSql(`alter table "agreement" add constraint "agreement_previous_id_foreign" foreign key ("previous_id") references "agreement" ("id") on delete set null;`);
    this.addSql(`alter table "agreement" add constraint "agreement_document_id_foreign" foreign key ("document_id") references "document" ("id") on delete set null;`);
    this.addSql(`alter table "agreement" add constraint "agreement_kind_check" check ("kind" in ('kinerja', 'kerja_sama'));`);
    this.addSql(`alter table "agreement" add constraint "agreement_status_check" check ("status" in ('draft', 'signing', 'active', 'superseded'));`);

    this.addSql(`alter table "indicator" add constraint "indicator_agreement_id_foreign" foreign key ("agreement_id") references "agreement" ("id");`);
    this.addSql(`alter table "indicator" add constraint "indicator_direction_check" check ("direction" in ('higher', 'lower'));`);

    this.addSql(`alter table "progress_report" add constraint "progress_report_indicator_id_foreign" foreign key ("indicator_id") references "indicator" ("id");`);
    this.addSql(`alter table "progress_report" add constraint "progress_report_reported_by_id_foreign" foreign key ("reported_by_id") references "person" ("id");`);

    this.addSql(`alter table "retention_rule" add constraint "retention_rule_fate_check" check ("fate" in ('musnah', 'permanen', 'dinilai_kembali'));`);

    this.addSql(`alter table "routing_step" add constraint "routing_step_document_id_foreign" foreign key ("document_id") references "document" ("id");`);
    this.addSql(`alter table "routing_step" add constraint "routing_step_position_id_foreign" foreign key ("position_id") references "position" ("id");`);
    this.addSql(`alter table "routing_step" add constraint "routing_step_acted_by_id_foreign" foreign key ("acted_by_id") references "person" ("id") on delete set null;`);
    this.addSql(`alter table "routing_step" add constraint "routing_step_delegation_id_foreign" foreign key ("delegation_id") references "delegation" ("id") on delete set null;`);
    this.addSql(`alter table "routing_step" add constraint "routing_step_kind_check" check ("kind" in ('paraf', 'sign'));`);
    this.addSql(`alter table "routing_step" add constraint "routing_step_state_check" check ("state" in ('waiting', 'pending', 'done', 'returned', 'skipped'));`);

    this.addSql(`alter table "app_user" add constraint "app_user_person_id_foreign" foreign key ("person_id") references "person" ("id");`);
  }

  override down(): void | Promise<void> {
    this.addSql(`alter table "agency" drop constraint "agency_region_id_foreign";`);
    this.addSql(`alter table "org_unit" drop constraint "org_unit_agency_id_foreign";`);
    this.addSql(`alter table "position" drop constraint "position_agency_id_foreign";`);
    this.addSql(`alter table "person" drop constraint "person_agency_id_foreign";`);
    this.addSql(`alter table "number_sequence" drop constraint "number_sequence_agency_id_foreign";`);
    this.addSql(`alter table "incoming_letter" drop constraint "incoming_letter_agency_id_foreign";`);
    this.addSql(`alter table "document" drop constraint "document_agency_id_foreign";`);
    this.addSql(`alter table "agreement" drop constraint "agreement_agency_id_foreign";`);
    this.addSql(`alter table "org_unit" drop constraint "org_unit_parent_id_foreign";`);
    this.addSql(`alter table "position" drop constraint "position_unit_id_foreign";`);
    this.addSql(`alter table "document" drop constraint "document_unit_id_foreign";`);
    this.addSql(`alter table "position" drop constraint "position_superior_id_foreign";`);
    this.addSql(`alter table "person" drop constraint "person_position_id_foreign";`);
    this.addSql(`alter table "delegation" drop constraint "delegation_position_id_foreign";`);
    this.addSql(`alter table "incoming_letter" drop constraint "incoming_letter_addressed_to_id_foreign";`);
    this.addSql(`alter table "disposition" drop constraint "disposition_from_position_id_foreign";`);
    this.addSql(`alter table "disposition" drop constraint "disposition_to_position_id_foreign";`);
    this.addSql(`alter table "document" drop constraint "document_signer_position_id_foreign";`);
    this.addSql(`alter table "document_recipient" drop constraint "document_recipient_position_id_foreign";`);
    this.addSql(`alter table "routing_step" drop constraint "routing_step_position_id_foreign";`);
    this.addSql(`alter table "notification" drop constraint "notification_recipient_id_foreign";`);
    this.addSql(`alter table "certificate" drop constraint "certificate_person_id_foreign";`);
    this.addSql(`alter table "delegation" drop constraint "delegation_delegate_id_foreign";`);
    this.addSql(`alter table "delegation" drop constraint "delegation_created_by_id_foreign";`);
    this.addSql(`alter table "incoming_letter" drop constraint "incoming_letter_registered_by_id_foreign";`);
    this.addSql(`alter table "disposition" drop constraint "disposition_from_person_id_foreign";`);
    this.addSql(`alter table "document" drop constraint "document_drafter_id_foreign";`);
    this.addSql(`alter table "document_version" drop constraint "document_version_author_id_foreign";`);
    this.addSql(`alter table "progress_report" drop constraint "progress_report_reported_by_id_foreign";`);
    this.addSql(`alter table "routing_step" drop constraint "routing_step_acted_by_id_foreign";`);
    this.addSql(`alter table "app_user" drop constraint "app_user_person_id_foreign";`);
    this.addSql(`alter table "routing_step" drop constraint "routing_step_delegation_id_foreign";`);
    this.addSql(`alter table "number_allocation" drop constraint "number_allocation_sequence_id_foreign";`);
    this.addSql(`alter table "disposition" drop constraint "disposition_incoming_letter_id_foreign";`);
    this.addSql(`alter table "disposition" drop constraint "disposition_parent_id_foreign";`);
    this.addSql(`alter table "number_allocation" drop constraint "number_allocation_document_id_foreign";`);
    this.addSql(`alter table "document_version" drop constraint "document_version_document_id_foreign";`);
    this.addSql(`alter table "document_recipient" drop constraint "document_recipient_document_id_foreign";`);
    this.addSql(`alter table "archive_record" drop constraint "archive_record_document_id_foreign";`);
    this.addSql(`alter table "agreement" drop constraint "agreement_document_id_foreign";`);
    this.addSql(`alter table "routing_step" drop constraint "routing_step_document_id_foreign";`);
    this.addSql(`alter table "agreement" drop constraint "agreement_previous_id_foreign";`);
    this.addSql(`alter table "indicator" drop constraint "indicator_agreement_id_foreign";`);
    this.addSql(`alter table "progress_report" drop constraint "progress_report_indicator_id_foreign";`);

    this.addSql(`drop table if exists "audit_event" cascade;`);
    this.addSql(`drop table if exists "outbox" cascade;`);
    this.addSql(`drop table if exists "region" cascade;`);
    this.addSql(`drop table if exists "agency" cascade;`);
    this.addSql(`drop table if exists "org_unit" cascade;`);
    this.addSql(`drop table if exists "position" cascade;`);
    this.addSql(`drop table if exists "person" cascade;`);
    this.addSql(`drop table if exists "notification" cascade;`);
    this.addSql(`drop table if exists "certificate" cascade;`);
    this.addSql(`drop table if exists "delegation" cascade;`);
    this.addSql(`drop table if exists "number_sequence" cascade;`);
    this.addSql(`drop table if exists "incoming_letter" cascade;`);
    this.addSql(`drop table if exists "disposition" cascade;`);
    this.addSql(`drop table if exists "document" cascade;`);
    this.addSql(`drop table if exists "number_allocation" cascade;`);
    this.addSql(`drop table if exists "document_version" cascade;`);
    this.addSql(`drop table if exists "document_recipient" cascade;`);
    this.addSql(`drop table if exists "archive_record" cascade;`);
    this.addSql(`drop table if exists "agreement" cascade;`);
    this.addSql(`drop table if exists "indicator" cascade;`);
    this.addSql(`drop table if exists "progress_report" cascade;`);
    this.addSql(`drop table if exists "retention_rule" cascade;`);
    this.addSql(`drop table if exists "routing_step" cascade;`);
    this.addSql(`drop table if exists "app_user" cascade;`);
  }

}
