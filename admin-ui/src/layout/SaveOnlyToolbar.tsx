import { SaveButton, Toolbar } from 'react-admin';

/**
 * A form's toolbar with SIMPAN only: react-admin's default adds HAPUS, which for a record the API
 * keeps (agencies, users, naskah have no DELETE) said "… dihapus." and then failed with a raw
 * "No API route DELETE …".
 */
export function SaveOnlyToolbar() {
  return <Toolbar><SaveButton /></Toolbar>;
}
