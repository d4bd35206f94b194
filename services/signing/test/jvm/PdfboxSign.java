// A third-party signer for the verifier's tests: Apache PDFBox signs incrementally,
// Bouncy Castle builds the CMS the way most Java signing services do
// (CMSSignedDataGenerator, detached, signing-time + message-digest + content-type
// signed attributes, adbe.pkcs7.detached). Its CMS comes out BER-encoded.
//
//   java -cp '.tools/jvm-signer/lib/*' PdfboxSign.java IN.pdf OUT.pdf KEY.p12 PASSWORD FIELD
import java.io.File;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Calendar;
import java.util.List;

import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.interactive.digitalsignature.PDSignature;
import org.apache.pdfbox.pdmodel.interactive.digitalsignature.SignatureInterface;
import org.apache.pdfbox.pdmodel.interactive.digitalsignature.SignatureOptions;
import org.bouncycastle.cert.jcajce.JcaCertStore;
import org.bouncycastle.cms.CMSProcessableByteArray;
import org.bouncycastle.cms.CMSSignedData;
import org.bouncycastle.cms.CMSSignedDataGenerator;
import org.bouncycastle.cms.jcajce.JcaSignerInfoGeneratorBuilder;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.operator.jcajce.JcaDigestCalculatorProviderBuilder;

public class PdfboxSign {
  public static void main(String[] args) throws Exception {
    File in = new File(args[0]);
    File out = new File(args[1]);
    char[] password = args[3].toCharArray();
    KeyStore ks = KeyStore.getInstance("PKCS12");
    try (InputStream p12 = new FileInputStream(args[2])) { ks.load(p12, password); }
    String alias = ks.aliases().nextElement();
    PrivateKey key = (PrivateKey) ks.getKey(alias, password);
    Certificate[] chain = ks.getCertificateChain(alias);
    List<Certificate> certs = new ArrayList<>(Arrays.asList(chain));

    SignatureInterface signer = (InputStream content) -> {
      try {
        byte[] data = content.readAllBytes();
        CMSSignedDataGenerator gen = new CMSSignedDataGenerator();
        ContentSigner sha256 = new JcaContentSignerBuilder("SHA256withRSA").build(key);
        gen.addSignerInfoGenerator(new JcaSignerInfoGeneratorBuilder(new JcaDigestCalculatorProviderBuilder().build()).build(sha256, (X509Certificate) chain[0]));
        gen.addCertificates(new JcaCertStore(certs));
        CMSSignedData signed = gen.generate(new CMSProcessableByteArray(data), false);
        return signed.getEncoded();
      } catch (Exception e) {
        throw new java.io.IOException(e);
      }
    };

    try (PDDocument doc = Loader.loadPDF(in); OutputStream os = new FileOutputStream(out)) {
      PDSignature signature = new PDSignature();
      signature.setFilter(PDSignature.FILTER_ADOBE_PPKLITE);
      signature.setSubFilter(PDSignature.SUBFILTER_ADBE_PKCS7_DETACHED);
      signature.setName(((X509Certificate) chain[0]).getSubjectX500Principal().getName());
      signature.setReason("Disetujui");
      signature.setSignDate(Calendar.getInstance());
      SignatureOptions options = new SignatureOptions();
      options.setPreferredSignatureSize(SignatureOptions.DEFAULT_SIGNATURE_SIZE * 2);
      doc.addSignature(signature, signer, options);
      // PDFBox names the new field "Signature<n>"; rename it to the one the test asked for.
      doc.getSignatureFields().stream()
        .filter(f -> f.getSignature() == signature || (f.getValue() != null && f.getValue().getCOSObject() == signature.getCOSObject()))
        .forEach(f -> { f.setPartialName(args[4]); f.getCOSObject().setNeedToBeUpdated(true); });
      doc.saveIncremental(os);
    }
  }
}
