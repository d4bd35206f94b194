# Peer in `bench:sign` (issue 20 item 7): pyHanko signs the same memo at the
# same level as Naskah's B-B row -- PAdES (ETSI.CAdES.detached), SHA-256, a new
# visible signature field with a text stamp on page 1 (pyHanko's QR stamp needs
# the `qrcode` module, which the tools venv does not carry; Naskah's stamp also
# draws a QR, so this is the cheaper appearance) -- with the PKCS#12 opened
# once, for about `seconds`. Runs in the bench's process tree, so it inherits
# the bench's taskset pin. Prints one JSON line: signatures, CPU and wall seconds.
#
#   python pyhanko-sign.py MEMO P12 PASSPHRASE_FILE SECONDS URL [OUT]
import json
import sys
import time
import warnings
from io import BytesIO

warnings.filterwarnings('ignore')

from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter  # noqa: E402
from pyhanko.sign import fields, signers  # noqa: E402
from pyhanko.stamp import TextStampStyle  # noqa: E402

memo_path, p12_path, pass_path, seconds, url = sys.argv[1:6]
out_path = sys.argv[6] if len(sys.argv) > 6 else None
with open(memo_path, 'rb') as f:
    memo = f.read()
with open(pass_path, 'rb') as f:
    passphrase = f.read().strip()

signer = signers.SimpleSigner.load_pkcs12(p12_path, passphrase=passphrase)
meta = signers.PdfSignatureMetadata(field_name='NaskahTTE', md_algorithm='sha256', subfilter=fields.SigSeedSubFilter.PADES)
pdf_signer = signers.PdfSigner(
    meta,
    signer=signer,
    stamp_style=TextStampStyle(stamp_text='Ditandatangani secara elektronik oleh\n%(signer)s\n%(ts)s\n%(url)s'),
    new_field_spec=fields.SigFieldSpec('NaskahTTE', on_page=0, box=(330, 80, 560, 170)),
)


def sign_once() -> bytes:
    out = pdf_signer.sign_pdf(IncrementalPdfFileWriter(BytesIO(memo)), appearance_text_params={'url': url})
    return out.getvalue()


first = sign_once()
if out_path:
    with open(out_path, 'wb') as f:
        f.write(first)
for _ in range(4):
    sign_once()
budget = float(seconds)
n = 0
cpu0 = time.process_time()
wall0 = time.perf_counter()
while time.perf_counter() - wall0 < budget:
    sign_once()
    n += 1
print(json.dumps({'signatures': n, 'cpu_s': time.process_time() - cpu0, 'wall_s': time.perf_counter() - wall0}))
