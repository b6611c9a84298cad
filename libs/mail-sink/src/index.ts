export { startMailSink } from './sink';
export type { MailSink, MailSinkOptions, SinkMessage } from './sink';
