import { Edit } from 'react-admin';
import { DraftForm } from './DraftForm.js';

/** Revision of a draft or a returned document; saving creates a new version on the server. */
export default function DocumentEdit() {
  return (
    <Edit mutationMode="pessimistic" redirect="show">
      <DraftForm />
    </Edit>
  );
}
