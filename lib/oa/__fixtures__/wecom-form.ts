/** A WeCom connector's settings and secrets as the admin form posts them, every required field filled. */
export function wecomConnectorForm(changes: Record<string, string> = {}): Record<string, string> {
  return {
    "config.corpId": "wwcorp",
    "config.templateId": "tpl",
    "config.controls.title": "c1",
    "config.controls.summary": "c2",
    "config.controls.fondsName": "c3",
    "config.controls.detailUrl": "c4",
    "secrets.token": "tok",
    "secrets.aesKey": "jWmYm7qr5nMoAUwZRjGtBxmz3KA1tkAj3ykkR6q2B2C",
    "secrets.corpSecret": "app-secret",
    ...changes,
  };
}
