import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { run } from "../../tools/cli";
import { SECRET_SHAPES, scanForSecrets } from "../../tools/report/secret-scan";
import { captureIo } from "../support/capture-io";

// Samples are assembled at run time so this file holds no secret-shaped literal itself.
const rep = (s: string, n: number) => s.repeat(Math.ceil(n / s.length)).slice(0, n);
const AZDO_PAT = rep("a1B2", 76) + "AZDO" + "x9Y8";

/** [shape name, text that must be found, text that must not be]: every shape, every spelling it accepts. */
const CASES: readonly [string, string, string][] = [
  ["a private key block", "-----BEGIN RSA PRIVATE KEY-----", "-----BEGIN PUBLIC KEY-----"],
  ["a private key block", "-----BEGIN PRIVATE KEY-----", "-----BEGIN CERTIFICATE-----"],
  ["a private key block", "-----BEGIN OPENSSH PRIVATE KEY-----", "-----BEGIN private KEY-----"],
  ["a storage account key (AccountKey=...)", "DefaultEndpointsProtocol=https;AccountKey=" + rep("Kq9+/zX", 44) + "==", "AccountKey=" + rep("k", 19)],
  ["a shared access signature", "Endpoint=sb://x.servicebus.windows.net/;SharedAccessKey=" + rep("Ab3+/", 44), "SharedAccessKey=" + rep("a", 15)],
  ["a shared access signature", "https://st.blob.core.windows.net/c/b?sv=2024-11-04&sig=" + rep("AbC%2Bd", 40), "https://x.example/?signature=plain"],
  ["a shared access signature", "https://st.blob.core.windows.net/c/b?sig=" + rep("z9/", 30), "&sig=" + rep("a", 10)],
  ["an Entra ID client secret", "secret: abc8Q~" + rep("dEf_~.-9", 34), "abc8Q~" + rep("d", 20)],
  ["a JSON web token", "Bearer eyJ" + rep("hbGciOi", 20) + ".eyJ" + rep("zdWIiOi", 30) + "." + rep("SflKxw_-", 43), "eyJ" + rep("a", 20) + ".notjwt." + rep("b", 20)],
  ["a GitHub token", "ghp_" + rep("A1b2C3", 36), "ghx_" + rep("A1b2C3", 36)],
  ["a GitHub token", "gho_" + rep("Z9", 40), "ghp_" + rep("A1", 35)],
  ["a GitHub token", "ghu_" + rep("q", 36) + " ghs_" + rep("r", 36) + " ghr_" + rep("s", 36), "ghp-" + rep("q", 36)],
  ["an AWS access key id", "key AKIA" + rep("IOSFODNN7EXAMPL", 16) + " ", "AKIA" + rep("iosfodnn7exampl", 16)],
  ["an Azure DevOps personal access token", `pat ${AZDO_PAT} `, rep("a1B2", 76) + "AZDX" + "x9Y8"],
  ["a chat webhook URL", "https://hooks.slack.com/services/T000/B000/" + rep("X", 24), "https://hooks.slack.com/help"],
  ["a chat webhook URL", "https://contoso.webhook.office.com/webhookb2/" + rep("a-1", 36) + "@x/IncomingWebhook/y/z", "https://contoso.webhook.office.com/"],
  // Connection strings spell the key in any case (ADO.NET, ODBC, JDBC); the pattern is case-insensitive.
  ["a password in a connection string", "Server=db;User Id=erp;Password=" + "Hunter2!x;", "Server=db;Password=[secret];"],
  ["a password in a connection string", "server=db;user id=erp;password=" + "hunter2x", "password=abc;"],
  ["a password in a connection string", "SERVER=DB;PASSWORD=" + "HUNTER2X;", "PASSWORD=[secret]"],
  ["a password in a connection string", "Driver={ODBC};Uid=erp;Pwd=" + "s3cr3t-x;", "Pwd=ab;"],
  ["a password in a connection string", "DRIVER={ODBC};UID=ERP;PWD=" + "S3CR3T-X;", "PWD=[secret];"],
  ["a password in a connection string", "driver={odbc};uid=erp;pwd=" + "s3cr3t-x", "passwd is not set"],
];

describe("every secret shape is found in each spelling it covers, and near misses are not", () => {
  test("the table covers every shape the scanner knows", () => {
    expect([...new Set(CASES.map(([name]) => name))].sort()).toEqual(SECRET_SHAPES.map((s) => s.name).sort());
  });

  test.each(CASES)("%s: found in %s", (name, positive) => {
    const findings = scanForSecrets(`line one\n${positive}\n`, []);
    expect(findings).toContainEqual({ line: 2, what: `text shaped like ${name}` });
  });

  test.each(CASES)("%s: nothing found in %s", (_name, _positive, negative) => {
    expect(scanForSecrets(`line one\n${negative}\n`, [])).toEqual([]);
  });
});

describe("the scan guards what pr-thread posts", () => {
  let tmp: string;
  beforeAll(() => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), "secret-shapes-"));
  });
  afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

  // Port 9 (discard) on loopback: a request would fail with exit 3, so exit 2 proves none was made.
  test.each(CASES)("%s in a PR body is refused with exit 2 and not echoed", async (name, positive) => {
    fs.writeFileSync(path.join(tmp, "body.md"), `<!-- delivery:preview-report risky=0 -->\n${positive}\n`);
    const io = captureIo(tmp, { SYSTEM_ACCESSTOKEN: "t" });
    const argv = ["pr-thread", "--collection-url", "http://127.0.0.1:9/none/", "--project", "p", "--repository", "r", "--pull-request", "1", "--body-file", "body.md"];
    expect(await run(argv, io)).toBe(2);
    expect(io.stderrText()).toContain(`line 2: text shaped like ${name}`);
    expect(io.stderrText() + io.stdoutText()).not.toContain(positive.trim());
  });
});
