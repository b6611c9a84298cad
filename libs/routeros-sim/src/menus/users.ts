import { crudMenu } from './crud';

/** `/user` and `/user/group`: API accounts and their policies. */
export const systemUsers = crudMenu({
  path: '/user',
  table: (s) => s.systemUsers,
  fields: {
    name: {},
    group: { type: 'ref', ref: (s) => s.groups },
    password: { hidden: true },
    address: {},
    comment: {},
    disabled: { type: 'bool' },
  },
  defaults: { address: '', disabled: 'false', 'last-logged-in': '' },
  required: ['name', 'group'],
  unique: { field: 'name', message: 'failure: user with the same name already exists' },
  nameField: 'name',
  enableDisable: true,
});

export const userGroups = crudMenu({
  path: '/user/group',
  table: (s) => s.groups,
  fields: { name: {}, policy: {}, skin: {}, comment: {} },
  defaults: { skin: 'default' },
  required: ['name'],
  unique: { field: 'name', message: 'failure: group with the same name already exists' },
  nameField: 'name',
});
