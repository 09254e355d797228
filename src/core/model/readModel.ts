/**
 * Profile files → one model: each file read (any format: readers/), of each the profiles of the kind with sample
 * type `typeName` (a JFR recording holds several kinds: readers/groups.ts), merged by buildModel.
 */
import type { ProfileLimits } from '../profile/limits';
import type { Profile, ValueType } from '../profile/model';
import { readProfiles } from '../readers';
import { allSampleTypes, profilesOfType } from '../readers/groups';
import { buildModel, type BuildModelOptions } from './buildModel';
import type { ProfileModel } from './types';

export interface FilesModel {
  readonly model: ProfileModel;
  /** The sample types of every kind the files hold (what a view offers to switch to). */
  readonly fileTypes: readonly ValueType[];
  /** The type name the kind was picked by; undefined when none was asked for or no file has it (each file's first kind). */
  readonly typeName: string | undefined;
}

/** A type name, not an index: an index picks within a kind, so the kind is each file's first. */
export function namesType(typeName: string | undefined): typeName is string {
  return typeName !== undefined && typeName !== '' && !/^\d+$/.test(typeName);
}

/** Decoded files' model of the kind with `typeName`; a type no file has is shown as each file's first kind. */
export function modelOfFiles(files: readonly (readonly Profile[])[], typeName?: string, options: BuildModelOptions = {}): FilesModel {
  const fileTypes = allSampleTypes(files);
  const picked = namesType(typeName) && fileTypes.some((t) => t.type === typeName) ? typeName : undefined;
  return { model: buildModel(profilesOfType(files, picked), options), fileTypes, typeName: picked };
}

/** The files' model; the profiles read are the model's alone, so it is built over their columns (consumeProfiles). */
export function readModel(sources: readonly string[], limits: Partial<ProfileLimits> = {}, typeName?: string, options: BuildModelOptions = {}): ProfileModel {
  return buildModel(profilesOfType(sources.map((s) => readProfiles(s, s, limits)), typeName), { ...options, consumeProfiles: true });
}
