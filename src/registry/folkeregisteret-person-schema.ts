import { z } from 'zod';

/*
 * The parts of Skatteetaten's `Folkeregisterperson` document (rights package "offentlig med
 * hjemmel", GET /api/v1/personer/{id}) that this adapter asks for with `part=`. Shapes follow the
 * published OpenAPI document and the JSON examples on the "Oppslag" page (see
 * docs/population-register.md). Only what we read is required; unknown keys are ignored so that
 * Skatteetaten can add fields without breaking us. Every entry carries the common metadata of
 * which we use `erGjeldende` (is this the current value).
 */
const meta = {
  erGjeldende: z.boolean().optional(),
  gyldighetstidspunkt: z.string().optional(),
};

const date = z.iso.date();
// Code values: JSON uses lowerCamelCase ("iBruk"), the OpenAPI document Java enum names ("I_BRUK").
const code = z.string().min(1);

const identifikasjonsnummer = z.object({
  ...meta,
  foedselsEllerDNummer: z.string().regex(/^\d{11}$/),
  identifikatortype: code,
  status: code,
});

const navn = z.object({
  ...meta,
  fornavn: z.string().trim().min(1),
  mellomnavn: z.string().optional(),
  etternavn: z.string().trim().min(1),
});

const foedsel = z.object({
  ...meta,
  foedselsdato: date.optional(),
});

const status = z.object({ ...meta, status: code });

const statsborgerskap = z.object({ ...meta, statsborgerskap: z.string() });

const doedsfall = z.object({ ...meta, doedsdato: date.optional() });

const utflytting = z.object({ ...meta, tilflyttingsland: z.string().optional() });

const legitimasjonsdokument = z.object({
  ...meta,
  identifikasjonsdokumentnummer: z.string().optional(),
  identifikasjonsdokumenttype: code,
  utstederland: z.string(),
  gyldigFra: date.optional(),
  gyldigTil: date.optional(),
});

/** A Folkeregisterperson document, reduced to the parts this adapter requests and reads. */
export const folkeregisteretPersonSchema = z.object({
  identifikasjonsnummer: z.array(identifikasjonsnummer).min(1),
  navn: z.array(navn).default([]),
  foedsel: z.array(foedsel).default([]),
  status: z.array(status).default([]),
  statsborgerskap: z.array(statsborgerskap).default([]),
  // The OpenAPI document has a single object here, the other entities are lists; accept both.
  doedsfall: z
    .union([z.array(doedsfall), doedsfall])
    .optional()
    .transform((d) => (d === undefined ? [] : Array.isArray(d) ? d : [d])),
  utflytting: z.array(utflytting).default([]),
  legitimasjonsdokument: z.array(legitimasjonsdokument).default([]),
});

export type FolkeregisteretPerson = z.infer<typeof folkeregisteretPersonSchema>;
