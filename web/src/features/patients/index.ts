export { PatientHistory } from './components/patient-history';
export { DuplicateSuggestions } from './components/duplicate-suggestions';
export { PatientPicker } from './components/patient-picker';
export { PatientsPage } from './components/patient-page';
export { patientName } from './api/patient-name';
export { patientCardQueryOptions } from './api/get-patient-card';
export type { Patient } from './api/search-patients';
