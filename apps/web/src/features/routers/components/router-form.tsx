import { useId, useRef, useState, type FormEvent } from 'react';
import { useQuery } from '@tanstack/react-query';
import { Alert } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';
import { Input, Textarea } from '@/components/ui/field';
import { focusFirstInvalid, useFormErrors } from '@/lib/use-form-errors';
import { useCopySetupScript, useCreateRouter, useDownloadSetupKit, useTestConnection, useTestSavedRouter, useUpdateRouter } from '../api/router-mutations';
import { routerQueries } from '../api/router-queries';
import type { ConnectionMode, CreateRouterBody, RouterDto, UpdateRouterBody } from '../api/types';
import { ConnectionSteps } from './connection-steps';
import { PLAINTEXT_WARNING } from './router-certificate';
import { TunnelSteps } from './router-tunnel';
import './router-form.css';

const FIELDS = ['connectionMode', 'name', 'host', 'apiPort', 'username', 'password', 'hotspotServer', 'hotspotDnsName', 'location', 'notes'] as const;
type FieldName = (typeof FIELDS)[number];
type Values = Record<Exclude<FieldName, 'connectionMode'>, string>;

/** RouterOS' API services: api-ssl (encrypted, the default) and the plaintext api. */
const API_SSL_PORT = '8729';
const PLAIN_API_PORT = '8728';

function initial(r?: RouterDto): Values {
  return {
    name: r?.name ?? '',
    // a tunnel router's host is the address Wavu gave it: never offered as its public address
    host: r?.connectionMode === 'tunnel' ? '' : (r?.host ?? ''),
    apiPort: r ? String(r.apiPort) : API_SSL_PORT,
    username: r?.username ?? '',
    password: '',
    hotspotServer: r?.hotspotServer ?? '',
    hotspotDnsName: r?.hotspotDnsName ?? '',
    location: r?.location ?? '',
    notes: r?.notes ?? '',
  };
}

const HOST_HINT = 'The public IP address or host name where Wavu reaches the router over the internet, e.g. 197.248.10.20 or router.myshop.co.ke.';
const TUNNEL_ENCRYPTED = 'Inside the tunnel the plain API on port 8728 is fine: WireGuard encrypts everything on the way.';
const TUNNEL_NO_TEST = "No test before saving: Wavu tests the router through the tunnel once its setup kit is imported, and the router's page shows each step.";

/**
 * Add or edit a router. Adding starts from the setup kit: name and how Wavu reaches it (its
 * public address, or the Wavu tunnel for a router without one), then Wavu makes the API user's
 * password and the kit puts it on the router, then "Test connection". "I already have an API
 * user" keeps the manual user name and password (tested before saving, direct routers only).
 */
export function RouterForm({ router, onSaved, onCancel }: { router?: RouterDto; onSaved: (r: RouterDto) => void; onCancel: () => void }) {
  const [values, setValues] = useState<Values>(initial(router));
  const [mode, setMode] = useState<ConnectionMode>(router?.connectionMode ?? 'direct');
  const [useTls, setUseTls] = useState(router?.useTls ?? true);
  const [ownUser, setOwnUser] = useState(false);
  const [created, setCreated] = useState<RouterDto | null>(null);
  const form = useFormErrors(FIELDS);
  const formRef = useRef<HTMLFormElement>(null);
  const create = useCreateRouter();
  const update = useUpdateRouter(router?.id ?? '');
  const test = useTestConnection();
  const saving = create.isPending || update.isPending;
  const manual = Boolean(router) || ownUser;
  const tunnel = mode === 'tunnel';
  const switching = router && router.connectionMode !== mode ? mode : null;

  if (created) return <SetupKitSteps router={created} onDone={() => onSaved(created)} />;

  const bind = (name: keyof Values) => ({
    name,
    value: values[name],
    error: form.errors[name],
    onChange: (e: { target: { value: string } }) => {
      setValues((prev) => ({ ...prev, [name]: e.target.value }));
      form.clearField(name);
    },
  });

  /** The port follows the switch while it is the other service's usual port. */
  const switchTls = (on: boolean) => {
    setUseTls(on);
    const [from, to] = on ? [PLAIN_API_PORT, API_SSL_PORT] : [API_SSL_PORT, PLAIN_API_PORT];
    setValues((prev) => (prev.apiPort === from ? { ...prev, apiPort: to } : prev));
    form.clearField('apiPort');
  };

  /**
   * Direct or tunnel: each brings its usual port and encryption (api-ssl 8729 over the internet,
   * the plain API 8728 inside WireGuard); going back to a saved router's own mode restores its values.
   */
  const switchMode = (next: ConnectionMode) => {
    setMode(next);
    test.reset();
    form.clearField('connectionMode');
    form.clearField('host');
    form.clearField('apiPort');
    if (router && next === router.connectionMode) {
      const saved = initial(router);
      setUseTls(router.useTls);
      setValues((prev) => ({ ...prev, host: saved.host, apiPort: saved.apiPort }));
      return;
    }
    const tls = next === 'direct';
    setUseTls(tls);
    setValues((prev) => ({ ...prev, apiPort: prev.apiPort === API_SSL_PORT || prev.apiPort === PLAIN_API_PORT || !prev.apiPort ? (tls ? API_SSL_PORT : PLAIN_API_PORT) : prev.apiPort }));
  };

  const validate = (forTest: boolean) =>
    form.check({
      name: !forTest && values.name.trim().length < 2 ? 'Give the router a name (2 characters or more).' : undefined,
      host: !tunnel && !values.host.trim() ? (switching ? "Enter the router's public IP address, e.g. 197.248.10.20." : 'Enter the router address, e.g. 197.248.10.20.') : undefined,
      apiPort: !/^\d{1,5}$/.test(values.apiPort)
        ? `Enter a port number, e.g. ${useTls ? API_SSL_PORT : PLAIN_API_PORT}.`
        : useTls && values.apiPort === PLAIN_API_PORT
          ? 'Port 8728 is the plaintext API. Use 8729 for api-ssl, or turn the encrypted API off.'
          : undefined,
      username: manual && !values.username.trim() ? 'Enter the API user name.' : undefined,
      password: manual && !router && !values.password && !forTest ? 'Enter the API user password.' : undefined,
    });

  const runTest = () => {
    if (!validate(true)) return focusFirstInvalid(formRef.current);
    // a refused address (ROUTER_ADDRESS_NOT_ALLOWED) comes back with the field it is about
    test.mutate({ host: values.host.trim(), apiPort: Number(values.apiPort), useTls, username: values.username.trim(), password: values.password }, { onError: (error) => form.fromServer(error) });
  };

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!validate(false)) return focusFirstInvalid(formRef.current);
    const optional = (v: string) => (v.trim() ? v.trim() : undefined);
    const onError = (error: unknown) => {
      // the tunnel's own refusals (not started, full) belong to the choice of mode
      form.fromServer(error, { ROUTER_NAME_TAKEN: 'name', ROUTER_TUNNEL_UNAVAILABLE: 'connectionMode', ROUTER_TUNNEL_FULL: 'connectionMode' });
      focusFirstInvalid(formRef.current);
    };
    if (router) {
      const body: UpdateRouterBody = {
        // only a change of mode is sent; a tunnel router's address is Wavu's to give
        ...(switching ? { connectionMode: mode } : {}),
        name: values.name.trim(),
        ...(tunnel ? {} : { host: values.host.trim() }),
        apiPort: Number(values.apiPort),
        useTls,
        username: values.username.trim(),
        hotspotServer: values.hotspotServer.trim(),
        hotspotDnsName: values.hotspotDnsName.trim(),
        location: values.location.trim(),
        notes: values.notes,
      };
      if (values.password) body.password = values.password;
      update.mutate(body, { onSuccess: onSaved, onError });
    } else {
      const body: CreateRouterBody = {
        name: values.name.trim(),
        connectionMode: mode,
        ...(tunnel ? {} : { host: values.host.trim() }),
        apiPort: Number(values.apiPort),
        useTls,
        // without credentials the platform generates the password and the setup kit carries it
        ...(ownUser ? { username: values.username.trim(), password: values.password } : {}),
        hotspotServer: optional(values.hotspotServer),
        hotspotDnsName: optional(values.hotspotDnsName),
        location: optional(values.location),
        notes: optional(values.notes),
      };
      create.mutate(body, { onSuccess: ownUser ? onSaved : setCreated, onError });
    }
  };

  return (
    <form ref={formRef} onSubmit={submit} noValidate className="form">
      {form.formError ? <Alert tone="danger">{form.formError}</Alert> : null}
      {!router ? <p className="muted">Name the router and say how Wavu can reach it. Next you get a setup kit that prepares the router for Wavu, and then Wavu tests the connection.</p> : null}
      <Input label="Router name" required hint={router ? undefined : 'Any name you recognise, e.g. “Kawangware shop”.'} {...bind('name')} />
      <ConnectionModeChoice mode={mode} onChange={switchMode} error={form.errors.connectionMode} />
      {switching ? <SwitchNotice to={switching} router={router!} /> : null}
      {tunnel && router?.connectionMode === 'tunnel' && router.tunnel ? (
        <p className="small">
          Wavu reaches this router inside the tunnel at <span className="mono">{router.tunnel.address}</span>.
        </p>
      ) : null}
      {!tunnel ? <Input label="Router address" required hint={HOST_HINT} {...bind('host')} /> : null}
      <label className="router-form-check">
        <input type="checkbox" checked={useTls} onChange={(e) => switchTls(e.target.checked)} /> {tunnel ? 'Encrypt the API as well (api-ssl)' : 'Encrypted API (api-ssl, recommended)'}
        <span className="field-hint">
          {tunnel
            ? 'Not needed inside the tunnel. Wavu would record the router’s certificate at the first connection and refuse a different one.'
            : 'The password and every command travel encrypted. Wavu records the router’s certificate at the first connection and refuses a different one.'}
        </span>
      </label>
      {tunnel && !useTls ? <p className="small">{TUNNEL_ENCRYPTED}</p> : null}
      {!tunnel && !useTls ? <Alert tone="warning">{PLAINTEXT_WARNING}</Alert> : null}
      <Input
        label="API port"
        inputMode="numeric"
        required
        hint={useTls ? '8729 for api-ssl (the setup kit turns it on).' : tunnel ? '8728, the api service, reached inside the tunnel.' : '8728 for the plaintext api service.'}
        {...bind('apiPort')}
      />
      {!router ? (
        <label className="router-form-check">
          <input type="checkbox" checked={ownUser} onChange={(e) => setOwnUser(e.target.checked)} /> I already have an API user on this router
          <span className="field-hint">Only for routers you set up yourself. Otherwise Wavu creates the user “wavu-api” with a strong password through the setup kit.</span>
        </label>
      ) : null}
      {manual ? (
        <>
          <Input label="API user" autoComplete="off" required {...bind('username')} />
          <Input
            label="API password"
            type="password"
            autoComplete="new-password"
            hint={router ? 'Leave empty to keep the current password.' : 'Stored encrypted; never shown again.'}
            {...bind('password')}
          />
        </>
      ) : null}
      <details className="router-form-more" open={Boolean(router)}>
        <summary>More details (optional)</summary>
        <Input label="Hotspot server" hint="Optional — the hotspot server name on the router." {...bind('hotspotServer')} />
        <Input label="Hotspot DNS name" hint="Optional — used in login links and QR codes, e.g. wifi.myshop.co.ke." {...bind('hotspotDnsName')} />
        <Input label="Location" hint="Optional." {...bind('location')} />
        <Textarea label="Notes" hint="Optional." {...bind('notes')} />
      </details>
      {test.data ? <ConnectionSteps result={test.data} /> : null}
      {test.isError ? <Alert tone="danger">The test could not run. Check the fields and try again.</Alert> : null}
      {tunnel ? <p className="muted small">{TUNNEL_NO_TEST}</p> : null}
      <div className="form-actions">
        <Button variant="secondary" onClick={onCancel} disabled={saving}>
          Cancel
        </Button>
        {manual && !tunnel ? (
          <Button variant="secondary" onClick={runTest} loading={test.isPending}>
            Test connection
          </Button>
        ) : null}
        <Button type="submit" loading={saving}>
          {router ? 'Save changes' : manual ? 'Add router' : 'Add router and get the setup kit'}
        </Button>
      </div>
    </form>
  );
}

const MODES: { mode: ConnectionMode; title: string; text: string }[] = [
  { mode: 'direct', title: 'It has a public IP address (direct)', text: 'Wavu connects to the router’s public address over the internet.' },
  {
    mode: 'tunnel',
    title: 'No public IP — behind NAT/CGNAT, LTE, Starlink (through the Wavu tunnel, RouterOS 7)',
    text: 'Home fibre, LTE and Starlink often give no address of the router’s own. The setup kit makes the router dial Wavu’s WireGuard tunnel, and Wavu gives it an address there.',
  },
];

/** "How does Wavu reach this router?": a radio group, each option named by its title and described by its sentence. */
function ConnectionModeChoice({ mode, onChange, error }: { mode: ConnectionMode; onChange: (mode: ConnectionMode) => void; error: string | undefined }) {
  const id = useId();
  return (
    <fieldset className="router-mode" role="radiogroup" aria-describedby={error ? `${id}-error` : undefined}>
      <legend className="field-label">How does Wavu reach this router?</legend>
      {MODES.map((m) => (
        <label key={m.mode} className="router-mode-option">
          <input
            type="radio"
            name={`${id}-mode`}
            value={m.mode}
            checked={mode === m.mode}
            onChange={() => onChange(m.mode)}
            aria-labelledby={`${id}-${m.mode}`}
            aria-describedby={`${id}-${m.mode}-text`}
            aria-invalid={error && mode === m.mode ? true : undefined}
          />
          <span>
            <strong id={`${id}-${m.mode}`}>{m.title}</strong>
            <span id={`${id}-${m.mode}-text`} className="router-mode-text muted small">
              {m.text}
            </span>
          </span>
        </label>
      ))}
      {error ? (
        <div id={`${id}-error`} className="field-error">
          {error}
        </div>
      ) : null}
    </fieldset>
  );
}

/** Editing: what saving a change of mode does, before it is saved. */
function SwitchNotice({ to, router }: { to: ConnectionMode; router: RouterDto }) {
  return to === 'tunnel' ? (
    <Alert tone="warning" title="Saving moves this router into the Wavu tunnel">
      Wavu gives it a new tunnel address and key. Then download its new setup kit and import it on the router (RouterOS 7): until you do, Wavu cannot reach it. Its public address is no longer used.
    </Alert>
  ) : (
    <Alert tone="warning" title="Saving takes this router out of the Wavu tunnel">
      Its tunnel address{router.tunnel ? ` ${router.tunnel.address}` : ''} and key stop working. Give the router&apos;s public IP address below: Wavu connects there (api-ssl on port 8729 unless you
      change it). Import its new setup kit so the router lets Wavu in at that address.
    </Alert>
  );
}

/** After adding: the three steps that make the router answer (kit, run it, test; for a tunnel router, the router dials in). */
function SetupKitSteps({ router, onDone }: { router: RouterDto; onDone: () => void }) {
  const [platformAddress, setPlatformAddress] = useState('');
  const [wanInterface, setWan] = useState('ether1');
  const [lanInterfaces, setLan] = useState('ether2');
  const download = useDownloadSetupKit(router.id);
  const copy = useCopySetupScript(router.id);
  const test = useTestSavedRouter(router.id);
  // a tunnel router's progress comes from the hub: the saved router is polled while this is shown
  const live = useQuery({ ...routerQueries.detail(router.id), initialData: router }).data;
  const tunnel = live.tunnel;
  const ready = tunnel ? tunnel.onboarding.every((s) => s.done) : Boolean(test.data?.ok);
  const kit = { platformAddress: tunnel ? '' : platformAddress.trim(), wanInterface: wanInterface.trim(), lanInterfaces: lanInterfaces.trim() };
  const kitError = download.error ?? copy.error;
  return (
    <div className="router-setup">
      <Alert tone="success" title={`${router.name} is added`}>
        Wavu made a strong password for the router&apos;s API user “{router.username}”. It is stored encrypted and only the setup kit below carries it: you never type it.
      </Alert>
      <ol className="router-setup-steps">
        <li>
          <h2 className="router-setup-title">Get the setup kit</h2>
          {tunnel ? (
            <p className="muted small">
              A RouterOS 7 script that makes this router a Wavu hotspot and makes it dial Wavu&apos;s tunnel at {tunnel.hubEndpoint}: the hotspot network, the login page that sends customers to your
              portal, and the “{router.username}” user the platform logs in with. It carries the router&apos;s tunnel key: keep it private.
            </p>
          ) : (
            <p className="muted small">
              A RouterOS 7 script that makes this router a Wavu hotspot: the hotspot network, the login page that sends customers to your portal, and the “{router.username}” user the platform logs in
              with. Keep it private.
            </p>
          )}
          <div className="form">
            {!tunnel ? (
              <Input
                label="Platform address"
                hint="Wavu's IPv4 address as the router sees it. Leave empty when your Wavu operator has set it."
                value={platformAddress}
                onChange={(e) => setPlatformAddress(e.target.value)}
              />
            ) : null}
            <Input label="WAN interface" hint="The port the internet comes in on." value={wanInterface} onChange={(e) => setWan(e.target.value)} />
            <Input label="Hotspot ports" hint="Where customers connect, comma-separated, e.g. ether2,wlan1." value={lanInterfaces} onChange={(e) => setLan(e.target.value)} />
          </div>
          {kitError ? <Alert tone="danger">{kitError instanceof Error ? kitError.message : 'The setup kit could not be made.'}</Alert> : null}
          {copy.isSuccess ? (
            <p role="status" className="small">
              Script copied. Paste it into the router&apos;s terminal.
            </p>
          ) : null}
          <div className="form-actions">
            <Button onClick={() => download.mutate({ format: 'rsc', ...kit })} loading={download.isPending && download.variables?.format === 'rsc'}>
              Download script (.rsc)
            </Button>
            <Button variant="secondary" onClick={() => copy.mutate(kit)} loading={copy.isPending}>
              Copy script
            </Button>
            <Button variant="secondary" onClick={() => download.mutate({ format: 'zip', ...kit })} loading={download.isPending && download.variables?.format === 'zip'}>
              Kit with hotspot pages (.zip)
            </Button>
          </div>
        </li>
        <li>
          <h2 className="router-setup-title">Run it on the router</h2>
          <p className="small">
            In Winbox open <strong>Files</strong> and drag <span className="mono">wavu-setup.rsc</span> in, then open <strong>New Terminal</strong> and type{' '}
            <span className="mono">/import file-name=wavu-setup.rsc</span>. Or paste the copied script into the terminal. It takes a few seconds.
          </p>
        </li>
        {tunnel ? (
          <li>
            <h2 className="router-setup-title">Wait for the router to dial in</h2>
            <p className="muted small">Once the kit has run, the router dials Wavu by itself and Wavu logs in through the tunnel to test it. This list follows along.</p>
            <TunnelSteps tunnel={tunnel} />
          </li>
        ) : (
          <li>
            <h2 className="router-setup-title">Test the connection</h2>
            <p className="muted small">
              Wavu reaches the router at {router.host}:{router.apiPort} {router.useTls ? 'over api-ssl (encrypted)' : 'over the plaintext API'} and logs in as “{router.username}”.
            </p>
            <div className="form-actions">
              <Button onClick={() => test.mutate()} loading={test.isPending}>
                Test connection
              </Button>
            </div>
            {test.data ? <ConnectionSteps result={test.data} /> : null}
            {test.isError ? <Alert tone="danger">{test.error instanceof Error ? test.error.message : 'The test could not run.'}</Alert> : null}
          </li>
        )}
      </ol>
      <div className="form-actions">
        {ready ? (
          <Button onClick={onDone}>Open the router</Button>
        ) : (
          <Button variant="secondary" onClick={onDone}>
            Finish later
          </Button>
        )}
      </div>
      {!ready ? <p className="muted small">The setup kit stays on the router&apos;s page under “Setup kit”.</p> : null}
    </div>
  );
}
