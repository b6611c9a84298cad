import { useRef, useState, type FormEvent } from 'react';
import { Alert } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';
import { Input, Textarea } from '@/components/ui/field';
import { focusFirstInvalid, useFormErrors } from '@/lib/use-form-errors';
import { useCreateRouter, useTestConnection, useUpdateRouter } from '../api/router-mutations';
import type { CreateRouterBody, RouterDto, UpdateRouterBody } from '../api/types';
import { ConnectionSteps } from './connection-steps';

const FIELDS = ['name', 'host', 'apiPort', 'username', 'password', 'hotspotServer', 'hotspotDnsName', 'location', 'notes'] as const;
type FieldName = (typeof FIELDS)[number];
type Values = Record<FieldName, string>;

function initial(r?: RouterDto): Values {
  return {
    name: r?.name ?? '',
    host: r?.host ?? '',
    apiPort: String(r?.apiPort ?? 8728),
    username: r?.username ?? '',
    password: '',
    hotspotServer: r?.hotspotServer ?? '',
    hotspotDnsName: r?.hotspotDnsName ?? '',
    location: r?.location ?? '',
    notes: r?.notes ?? '',
  };
}

/** Add or edit a router; "Test connection" runs every step before saving. */
export function RouterForm({ router, onSaved, onCancel }: { router?: RouterDto; onSaved: (r: RouterDto) => void; onCancel: () => void }) {
  const [values, setValues] = useState<Values>(initial(router));
  const form = useFormErrors(FIELDS);
  const formRef = useRef<HTMLFormElement>(null);
  const create = useCreateRouter();
  const update = useUpdateRouter(router?.id ?? '');
  const test = useTestConnection();
  const saving = create.isPending || update.isPending;

  const bind = (name: FieldName) => ({
    name,
    value: values[name],
    error: form.errors[name],
    onChange: (e: { target: { value: string } }) => {
      setValues((prev) => ({ ...prev, [name]: e.target.value }));
      form.clearField(name);
    },
  });

  const validate = (forTest: boolean) =>
    form.check({
      name: !forTest && values.name.trim().length < 2 ? 'Give the router a name (2 characters or more).' : undefined,
      host: !values.host.trim() ? 'Enter the router address, e.g. 192.0.2.10.' : undefined,
      apiPort: !/^\d{1,5}$/.test(values.apiPort) ? 'Enter a port number, e.g. 8728.' : undefined,
      username: !values.username.trim() ? 'Enter the API user name.' : undefined,
      password: !router && !values.password && !forTest ? 'Enter the API user password.' : undefined,
    });

  const runTest = () => {
    if (!validate(true)) return focusFirstInvalid(formRef.current);
    // a refused address (ROUTER_ADDRESS_NOT_ALLOWED) comes back with the field it is about
    test.mutate({ host: values.host.trim(), apiPort: Number(values.apiPort), useTls: values.apiPort === '8729', username: values.username.trim(), password: values.password }, { onError: (error) => form.fromServer(error) });
  };

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!validate(false)) return focusFirstInvalid(formRef.current);
    const optional = (v: string) => (v.trim() ? v.trim() : undefined);
    const onError = (error: unknown) => {
      form.fromServer(error, { ROUTER_NAME_TAKEN: 'name' });
      focusFirstInvalid(formRef.current);
    };
    if (router) {
      const body: UpdateRouterBody = {
        name: values.name.trim(),
        host: values.host.trim(),
        apiPort: Number(values.apiPort),
        useTls: values.apiPort === '8729',
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
        host: values.host.trim(),
        apiPort: Number(values.apiPort),
        useTls: values.apiPort === '8729',
        username: values.username.trim(),
        password: values.password,
        hotspotServer: optional(values.hotspotServer),
        hotspotDnsName: optional(values.hotspotDnsName),
        location: optional(values.location),
        notes: optional(values.notes),
      };
      create.mutate(body, { onSuccess: onSaved, onError });
    }
  };

  return (
    <form ref={formRef} onSubmit={submit} noValidate className="form">
      {form.formError ? <Alert tone="danger">{form.formError}</Alert> : null}
      <Input label="Router name" required {...bind('name')} />
      <Input label="Host" required hint="IP address or host name the platform reaches the router API at." {...bind('host')} />
      <Input label="API port" inputMode="numeric" required hint="8728 for the api service, 8729 for api-ssl (TLS)." {...bind('apiPort')} />
      <Input label="API user" autoComplete="off" required {...bind('username')} />
      <Input label="API password" type="password" autoComplete="new-password" hint={router ? 'Leave empty to keep the current password.' : 'Stored encrypted; never shown again.'} {...bind('password')} />
      <Input label="Hotspot server" hint="Optional — the hotspot server name on the router." {...bind('hotspotServer')} />
      <Input label="Hotspot DNS name" hint="Optional — used in login links and QR codes, e.g. wifi.myshop.co.ke." {...bind('hotspotDnsName')} />
      <Input label="Location" hint="Optional." {...bind('location')} />
      <Textarea label="Notes" hint="Optional." {...bind('notes')} />
      {test.data ? <ConnectionSteps result={test.data} /> : null}
      {test.isError ? <Alert tone="danger">The test could not run. Check the fields and try again.</Alert> : null}
      <div className="form-actions">
        <Button variant="secondary" onClick={onCancel} disabled={saving}>
          Cancel
        </Button>
        <Button variant="secondary" onClick={runTest} loading={test.isPending}>
          Test connection
        </Button>
        <Button type="submit" loading={saving}>
          {router ? 'Save changes' : 'Add router'}
        </Button>
      </div>
    </form>
  );
}
