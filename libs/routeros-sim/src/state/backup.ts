import { createCipheriv, createDecipheriv, randomBytes, scryptSync } from 'crypto';
import { deflateRawSync, inflateRawSync } from 'zlib';
import type { RouterState } from './router-state';
import type { Row, Table } from './table';

/**
 * The simulator's own `.backup` format (not RouterOS's, which is undocumented):
 *
 *     magic (8 bytes: 0x89 "WSB" 0x0D 0x0A 0x1A 0x0A) | version 1 | flags (1 = encrypted)
 *     serial-number length (2 bytes BE) | serial number (ASCII)
 *     unencrypted: the deflated JSON snapshot
 *     encrypted:   salt (16) | iv (12) | GCM tag (16) | AES-256-GCM(deflated JSON), key = scrypt(password, salt)
 *
 * The serial number stays readable so a load on another device is refused before any password
 * check, as RouterOS restores a backup only "on the same device" (docs/routeros.md §9).
 */
const MAGIC = Buffer.from([0x89, 0x57, 0x53, 0x42, 0x0d, 0x0a, 0x1a, 0x0a]);
const FORMAT_VERSION = 1;

export class BackupError extends Error {}

interface Snapshot {
  identity: string;
  serialNumber: string;
  tables: Record<string, Row[]>;
}

/** The configuration a backup carries; sessions, hosts, cookies, the log and files are not in it. */
function tables(state: RouterState): Record<string, Table> {
  const hs = state.hotspot;
  return {
    interfaces: state.interfaces,
    pools: state.pools,
    services: state.services,
    systemUsers: state.systemUsers,
    groups: state.groups,
    hotspotServers: hs.servers,
    hotspotServerProfiles: hs.serverProfiles,
    hotspotUsers: hs.users,
    hotspotUserProfiles: hs.userProfiles,
    walledGarden: hs.walledGarden,
    walledGardenIp: hs.walledGardenIp,
  };
}

/** Serialises the configuration; with a password it is encrypted (AES-256-GCM, scrypt key). */
export function saveBackup(state: RouterState, password: string | null): Buffer {
  const snapshot: Snapshot = {
    identity: state.identity,
    serialNumber: state.serialNumber,
    tables: Object.fromEntries(Object.entries(tables(state)).map(([k, t]) => [k, t.all().map((r) => ({ ...r }))])),
  };
  const plain = deflateRawSync(Buffer.from(JSON.stringify(snapshot), 'utf8'));
  const serial = Buffer.from(state.serialNumber, 'latin1');
  const serialLength = Buffer.alloc(2);
  serialLength.writeUInt16BE(serial.length);
  const head = Buffer.concat([MAGIC, Buffer.from([FORMAT_VERSION, password ? 1 : 0]), serialLength, serial]);
  if (!password) return Buffer.concat([head, plain]);
  const salt = randomBytes(16);
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', scryptSync(password, salt, 32), iv);
  const body = Buffer.concat([cipher.update(plain), cipher.final()]);
  return Buffer.concat([head, salt, iv, cipher.getAuthTag(), body]);
}

/**
 * Checks `bytes` (format, device, password) and returns what replaces the router's
 * configuration with the backup's (run it once the `!done` is out: the router then reboots).
 * Throws BackupError with the trap text when the file cannot be loaded.
 */
export function openBackup(state: RouterState, bytes: Buffer, password: string | null): () => void {
  if (bytes.length < MAGIC.length + 4 || !bytes.subarray(0, MAGIC.length).equals(MAGIC) || bytes[MAGIC.length] !== FORMAT_VERSION) {
    throw new BackupError('failure: not a backup file');
  }
  const encrypted = bytes[MAGIC.length + 1] === 1;
  const serialLength = bytes.readUInt16BE(MAGIC.length + 2);
  let offset = MAGIC.length + 4;
  const serial = bytes.subarray(offset, offset + serialLength).toString('latin1');
  offset += serialLength;
  if (serial !== state.serialNumber) throw new BackupError('failure: backup was made on another device');
  let plain: Buffer;
  if (encrypted) {
    if (!password) throw new BackupError('failure: wrong password');
    const salt = bytes.subarray(offset, offset + 16);
    const iv = bytes.subarray(offset + 16, offset + 28);
    const tag = bytes.subarray(offset + 28, offset + 44);
    try {
      const decipher = createDecipheriv('aes-256-gcm', scryptSync(password, salt, 32), iv);
      decipher.setAuthTag(tag);
      plain = Buffer.concat([decipher.update(bytes.subarray(offset + 44)), decipher.final()]);
    } catch {
      throw new BackupError('failure: wrong password');
    }
  } else {
    plain = bytes.subarray(offset);
  }
  let snapshot: Snapshot;
  try {
    snapshot = JSON.parse(inflateRawSync(plain).toString('utf8')) as Snapshot;
  } catch {
    throw new BackupError('failure: backup file is damaged');
  }
  return () => {
    for (const [key, table] of Object.entries(tables(state))) {
      const rows = snapshot.tables[key];
      if (!rows) continue;
      for (const row of table.all()) table.remove(row['.id']);
      for (const { '.id': id, ...fields } of rows) table.add(fields, id);
    }
    state.identity = snapshot.identity;
  };
}
