// A throwaway TLS certificate for the fake services, made with openssl at test time: one
// self-signed certificate naming every host the tests reach, valid for a day, never stored.
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

/** Makes a key and certificate for `hosts`; returns {key, cert} as PEM strings. */
export function makeCertificate(hosts) {
  const dir = mkdtempSync(join(tmpdir(), "chatmedic-cert-"));
  try {
    const config = join(dir, "openssl.cnf");
    writeFileSync(
      config,
      [
        "[req]",
        "distinguished_name = dn",
        "x509_extensions = ext",
        "prompt = no",
        "[dn]",
        "CN = chatmedic test",
        "[ext]",
        "basicConstraints = critical, CA:FALSE",
        "keyUsage = digitalSignature, keyEncipherment",
        "extendedKeyUsage = serverAuth",
        `subjectAltName = ${hosts.map((h) => `DNS:${h}`).join(", ")}, IP:127.0.0.1`,
        "",
      ].join("\n"),
    );
    execFileSync(
      "openssl",
      [
        "req",
        "-x509",
        "-newkey",
        "ec",
        "-pkeyopt",
        "ec_paramgen_curve:prime256v1",
        "-nodes",
        "-days",
        "1",
        "-keyout",
        join(dir, "key.pem"),
        "-out",
        join(dir, "cert.pem"),
        "-config",
        config,
      ],
      { stdio: "ignore" },
    );
    return { key: readFileSync(join(dir, "key.pem"), "utf8"), cert: readFileSync(join(dir, "cert.pem"), "utf8") };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
