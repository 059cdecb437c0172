// Users paste a URL where a host is expected (https://acme.my.salesforce.com/ for acme.my.salesforce.com).
// Only a URL that parses gives its host; anything else (`http://[`) is returned unchanged so the field's
// pattern refuses it with a 400 naming the field, instead of the URL parser's TypeError becoming a 500.
export function hostOfPasted(value: string): string {
  if (!/^https?:\/\//i.test(value)) return value;
  if (!URL.canParse(value)) return value;
  return new URL(value).host || value;
}
