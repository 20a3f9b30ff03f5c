export type DemoLocale = 'nb' | 'en';

const nb = {
  'service.name': 'Demoetaten – Min side',
  'service.tagline': 'En tenkt offentlig tjeneste som viser innlogging med Passport eID (sandkasse).',
  skip: 'Hopp til hovedinnholdet',
  'lang.label': 'Språk',
  'home.title': 'Logg inn på Min side',
  'home.lead':
    'Her ser du sakene dine og meldinger fra Demoetaten. Du logger inn med Passport eID på høyeste sikkerhetsnivå.',
  'home.login': 'Logg inn',
  'home.level': 'Vi ber om sikkerhetsnivå idporten-loa-high.',
  'me.title': 'Du er logget inn',
  'me.lead': 'Dette er opplysningene Demoetaten fikk om deg fra Passport eID.',
  'me.idtoken': 'Opplysninger i ID-tokenet',
  'me.userinfo': 'Opplysninger fra userinfo',
  'me.claim': 'Opplysning',
  'me.value': 'Verdi',
  'me.meaning': 'Betyr',
  'me.logout': 'Logg ut',
  'claim.pid': 'Fødselsnummer eller D-nummer',
  'claim.acr': 'Sikkerhetsnivået innloggingen oppfylte',
  'claim.amr': 'Innloggingsmetode',
  'claim.sub': 'Ditt faste, tjenestespesifikke pseudonym',
  'claim.sid': 'Innloggingsøkten hos Passport eID',
  'claim.locale': 'Språket ditt',
  'claim.auth_time': 'Tidspunkt for innlogging',
  'claim.iss': 'Hvem som utstedte tokenet',
  'claim.aud': 'Tjenesten tokenet er til (vår client_id)',
  'claim.iat': 'Når tokenet ble utstedt',
  'claim.exp': 'Når tokenet utløper',
  'claim.nonce': 'Engangsverdi som binder tokenet til denne innloggingen',
  'loggedout.title': 'Du er logget ut',
  'loggedout.lead': 'Du er logget ut av Min side og av Passport eID.',
  'loggedout.again': 'Logg inn igjen',
  'error.title': 'Innloggingen mislyktes',
  'error.lead': 'Noe gikk galt under innloggingen. Prøv igjen.',
  'error.back': 'Til forsiden',
  'error.code': 'Feilkode',
};

const en: typeof nb = {
  'service.name': 'Demo Agency – My page',
  'service.tagline': 'An imaginary public service that shows login with Passport eID (sandbox).',
  skip: 'Skip to main content',
  'lang.label': 'Language',
  'home.title': 'Log in to My page',
  'home.lead':
    'See your cases and messages from the Demo Agency. You log in with Passport eID at the highest level.',
  'home.login': 'Log in',
  'home.level': 'We ask for level of assurance idporten-loa-high.',
  'me.title': 'You are logged in',
  'me.lead': 'This is what the Demo Agency received about you from Passport eID.',
  'me.idtoken': 'Claims in the ID token',
  'me.userinfo': 'Claims from userinfo',
  'me.claim': 'Claim',
  'me.value': 'Value',
  'me.meaning': 'Meaning',
  'me.logout': 'Log out',
  'claim.pid': 'National identity number or D number',
  'claim.acr': 'Level of assurance the login met',
  'claim.amr': 'Login method',
  'claim.sub': 'Your stable pseudonym for this service',
  'claim.sid': 'Login session at Passport eID',
  'claim.locale': 'Your language',
  'claim.auth_time': 'Time of login',
  'claim.iss': 'Who issued the token',
  'claim.aud': 'The service the token is for (our client_id)',
  'claim.iat': 'When the token was issued',
  'claim.exp': 'When the token expires',
  'claim.nonce': 'One-time value binding the token to this login',
  'loggedout.title': 'You are logged out',
  'loggedout.lead': 'You are logged out of My page and of Passport eID.',
  'loggedout.again': 'Log in again',
  'error.title': 'The login failed',
  'error.lead': 'Something went wrong during login. Please try again.',
  'error.back': 'Back to the front page',
  'error.code': 'Error code',
};

export type TextKey = keyof typeof nb;

/** Norwegian bokmål by default, English when asked for (?lang=en, cookie) or preferred by the browser. */
export function textsFor(locale: DemoLocale): (key: TextKey) => string {
  const table = locale === 'en' ? en : nb;
  return (key) => table[key];
}

export function pickLocale(choice: string | undefined, acceptLanguage: string): DemoLocale {
  if (choice === 'en' || choice === 'nb') return choice;
  const first = acceptLanguage.split(',')[0]?.trim().toLowerCase() ?? '';
  return first.startsWith('en') ? 'en' : 'nb';
}
