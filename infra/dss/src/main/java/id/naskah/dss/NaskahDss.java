package id.naskah.dss;

import eu.europa.esig.dss.enumerations.Indication;
import eu.europa.esig.dss.enumerations.SubIndication;
import eu.europa.esig.dss.model.FileDocument;
import eu.europa.esig.dss.service.crl.OnlineCRLSource;
import eu.europa.esig.dss.service.http.commons.CommonsDataLoader;
import eu.europa.esig.dss.service.ocsp.OnlineOCSPSource;
import eu.europa.esig.dss.simplereport.SimpleReport;
import eu.europa.esig.dss.spi.DSSUtils;
import eu.europa.esig.dss.spi.validation.CommonCertificateVerifier;
import eu.europa.esig.dss.spi.x509.CommonTrustedCertificateSource;
import eu.europa.esig.dss.spi.x509.aia.DefaultAIASource;
import eu.europa.esig.dss.validation.SignedDocumentValidator;
import eu.europa.esig.dss.validation.reports.Reports;

import java.io.File;
import java.util.ArrayList;
import java.util.List;

/**
 * EU DSS over a batch of PDFs in one JVM (start-up and policy loading are paid once).
 * Usage: java -cp naskah-dss.jar:lib/* id.naskah.dss.NaskahDss --trust ROOT.pem [--trust ROOT.pem]... [--online|--offline] FILE.pdf...
 * Offline (the default, and the files after --offline): only what each file carries (its DSS dictionary, CMS
 * certificates) and the trusted roots; no AIA, OCSP or CRL fetching. Files after --online: what a relying
 * party's DSS does, fetching missing certificates, OCSP responses and CRLs from the addresses in the
 * certificates (AIA, CRL distribution point) over HTTP. Both modes in one JVM: start-up is paid once.
 * Prints one JSON object per line per file:
 * {"file":..., "online":true|false, "signatures":[{"id","indication","subIndication","format","signedBy","errors":[...]}], "timestamps":[...]}.
 */
public final class NaskahDss {
  public static void main(String[] args) throws Exception {
    List<String> roots = new ArrayList<>();
    List<String> files = new ArrayList<>();
    List<Boolean> onlineFor = new ArrayList<>();
    boolean online = false;
    for (int i = 0; i < args.length; i++) {
      if ("--trust".equals(args[i]) && i + 1 < args.length) roots.add(args[++i]);
      else if ("--online".equals(args[i])) online = true;
      else if ("--offline".equals(args[i])) online = false;
      else {
        files.add(args[i]);
        onlineFor.add(online);
      }
    }
    CommonTrustedCertificateSource trusted = new CommonTrustedCertificateSource();
    for (String root : roots) trusted.addCertificate(DSSUtils.loadCertificate(new File(root)));
    CommonCertificateVerifier offlineVerifier = new CommonCertificateVerifier();
    offlineVerifier.setTrustedCertSources(trusted);
    offlineVerifier.setAIASource(null);
    offlineVerifier.setOcspSource(null);
    offlineVerifier.setCrlSource(null);
    CommonCertificateVerifier onlineVerifier = new CommonCertificateVerifier();
    onlineVerifier.setTrustedCertSources(trusted);
    onlineVerifier.setAIASource(new DefaultAIASource(new CommonsDataLoader()));
    onlineVerifier.setOcspSource(new OnlineOCSPSource());
    onlineVerifier.setCrlSource(new OnlineCRLSource());

    for (int f = 0; f < files.size(); f++) {
      String file = files.get(f);
      StringBuilder out = new StringBuilder();
      long start = System.nanoTime();
      out.append("{\"file\":").append(json(file)).append(",\"online\":").append(onlineFor.get(f));
      try {
        SignedDocumentValidator validator = SignedDocumentValidator.fromDocument(new FileDocument(file));
        validator.setCertificateVerifier(onlineFor.get(f) ? onlineVerifier : offlineVerifier);
        Reports reports = validator.validateDocument();
        SimpleReport simple = reports.getSimpleReport();
        out.append(",\"signatures\":[");
        boolean first = true;
        for (String id : simple.getSignatureIdList()) {
          if (!first) out.append(',');
          first = false;
          out.append(entry(simple, id, simple.getSignatureFormat(id) == null ? null : simple.getSignatureFormat(id).toString()));
        }
        out.append("],\"timestamps\":[");
        first = true;
        for (String id : simple.getTimestampIdList()) {
          if (!first) out.append(',');
          first = false;
          out.append(entry(simple, id, null));
        }
        out.append(']');
      } catch (Exception e) {
        out.append(",\"error\":").append(json(e.toString()));
      }
      out.append(",\"ms\":").append((System.nanoTime() - start) / 1_000_000).append('}');
      System.out.println(out);
    }
  }

  private static String entry(SimpleReport simple, String id, String format) {
    Indication indication = simple.getIndication(id);
    SubIndication sub = simple.getSubIndication(id);
    StringBuilder s = new StringBuilder("{\"id\":").append(json(id))
        .append(",\"indication\":").append(json(indication == null ? null : indication.toString()))
        .append(",\"subIndication\":").append(json(sub == null ? null : sub.toString()))
        .append(",\"format\":").append(json(format))
        .append(",\"signedBy\":").append(json(simple.getSignedBy(id)))
        .append(",\"errors\":[");
    boolean first = true;
    for (var m : simple.getAdESValidationErrors(id)) {
      if (!first) s.append(',');
      first = false;
      s.append(json(m.getValue()));
    }
    for (var m : simple.getQualificationErrors(id)) {
      if (!first) s.append(',');
      first = false;
      s.append(json("qualification: " + m.getValue()));
    }
    return s.append("]}").toString();
  }

  private static String json(String value) {
    if (value == null) return "null";
    StringBuilder s = new StringBuilder("\"");
    for (char c : value.toCharArray()) {
      if (c == '"' || c == '\\') s.append('\\').append(c);
      else if (c < 0x20) s.append(String.format("\\u%04x", (int) c));
      else s.append(c);
    }
    return s.append('"').toString();
  }
}
