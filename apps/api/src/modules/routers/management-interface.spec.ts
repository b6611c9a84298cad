import { managementInterface } from './management-interface';

const ifaces = ['ether1', 'ether2', 'bridge-hotspot', 'wavu-wg'];

describe('managementInterface', () => {
  it('direct: the interface holding the address Wavu connects to', () => {
    const got = managementInterface(
      'direct',
      '198.51.100.7',
      [
        { address: '10.5.50.1/24', interface: 'bridge-hotspot', disabled: false },
        { address: '198.51.100.7/24', interface: 'ether1', disabled: false },
      ],
      ifaces,
    );
    expect(got.name).toBe('ether1');
    expect(got.reason).toContain('198.51.100.7, which is on ether1');
  });

  it('direct: a disabled address row does not count, and an address on no interface means "cannot tell"', () => {
    const got = managementInterface('direct', '198.51.100.7', [{ address: '198.51.100.7/24', interface: 'ether2', disabled: true }], ifaces);
    expect(got.name).toBeNull();
    expect(got.reason).toMatch(/cannot tell/);
  });

  it('tunnel: the interface holding the tunnel address, else the setup kit’s WireGuard interface, else "cannot tell"', () => {
    expect(managementInterface('tunnel', '10.99.0.5', [{ address: '10.99.0.5/32', interface: 'wg-custom', disabled: false }], ifaces).name).toBe('wg-custom');
    expect(managementInterface('tunnel', '10.99.0.5', [], ifaces).name).toBe('wavu-wg');
    const unknown = managementInterface('tunnel', '10.99.0.5', [], ['ether1']);
    expect(unknown.name).toBeNull();
    expect(unknown.reason).toMatch(/WireGuard interface/);
  });
});
