import { configLines, exportDiff, maskSensitive, outsideChanges, propertyOf, unmanagedLines } from './export-text';

const header = (date: string) => `# ${date} by RouterOS 7.14.2\n# software id = ABCD-1234\n#\n# model = RB951Ui-2HnD\n# serial number = HG1234567\n`;

const EXPORT_A = `${header('2026-12-06 03:00:01')}/ip hotspot user profile
add name=wavu-1h rate-limit=2M/2M shared-users=1
add name=staff shared-users=2
/ip hotspot user
add comment="wavu:voucher" name=V-1111 password=s3cr3t-v1 profile=wavu-1h
add name=office password="Office Pass" profile=staff
/interface wireless security-profiles
add authentication-types=wpa2-psk mode=dynamic-keys name=home \\
    wpa2-pre-shared-key=VeryLongWifiKey
/system identity
set name=Roof-7
`;

const managed = { users: new Set(['V-1111']), profiles: new Set(['wavu-1h']), comment: /^wavu:/ };

describe('export text', () => {
  it('drops the header, joins continuation lines', () => {
    const lines = configLines(EXPORT_A);
    expect(lines[0]).toBe('/ip hotspot user profile');
    expect(lines).toContain('add authentication-types=wpa2-psk mode=dynamic-keys name=home wpa2-pre-shared-key=VeryLongWifiKey');
    expect(lines.some((l) => l.startsWith('#'))).toBe(false);
  });

  it('masks passwords, secrets and keys, quoted or not, and nothing else', () => {
    expect(maskSensitive('add name=office password="Office Pass" profile=staff')).toBe('add name=office password=******** profile=staff');
    expect(maskSensitive('add secret=abc wpa2-pre-shared-key=xyz private-key="k=1" name=x')).toBe('add secret=******** wpa2-pre-shared-key=******** private-key=******** name=x');
    expect(maskSensitive('set name=Roof-7')).toBe('set name=Roof-7');
  });

  it('reads a property, quoted or not', () => {
    expect(propertyOf('add comment="wavu:voucher x" name=V-1', 'comment')).toBe('wavu:voucher x');
    expect(propertyOf('add comment="say \\"hi\\"" name=V-1', 'comment')).toBe('say "hi"');
    expect(propertyOf('add name=V-1', 'comment')).toBeNull();
  });

  it('a unified diff ignores the header and hides the secrets it shows', () => {
    const b = EXPORT_A.replace('2026-12-06 03:00:01', '2026-12-07 03:00:01').replace('password="Office Pass"', 'password=NewOfficePass').replace('name=Roof-7', 'name=Roof-8');
    const diff = exportDiff({ label: 'a.rsc', text: EXPORT_A }, { label: 'b.rsc', text: b });
    expect(diff).toContain('--- a.rsc');
    expect(diff).toContain('-set name=Roof-7');
    expect(diff).toContain('+set name=Roof-8');
    expect(diff).toContain('+add name=office password=******** profile=staff');
    expect(diff).not.toMatch(/2026-12-0[67]|Office Pass|NewOfficePass|VeryLongWifiKey/);
    expect(exportDiff({ label: 'a', text: EXPORT_A }, { label: 'b', text: EXPORT_A.replace('03:00:01', '04:00:00') })).not.toMatch(/^[-+](?![-+])/m);
  });

  it('changes to what the platform manages are not outside changes; anything else is', () => {
    const sold = EXPORT_A.replace('/ip hotspot user\n', '/ip hotspot user\nadd comment="wavu:voucher" name=V-2222 password=p2 profile=wavu-1h\n').replace('rate-limit=2M/2M', 'rate-limit=4M/4M');
    expect(outsideChanges(EXPORT_A, sold, managed)).toBe(0);
    const edited = EXPORT_A.replace('name=staff shared-users=2', 'name=staff shared-users=5');
    expect(outsideChanges(EXPORT_A, edited, managed)).toBe(2);
    expect(unmanagedLines(EXPORT_A, managed)).not.toContain('add name=wavu-1h rate-limit=2M/2M shared-users=1');
  });
});
