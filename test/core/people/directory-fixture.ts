/** A small HR export used by the people tests: both councils, several services and levels, one hidden profile. */
export const directoryCsv = [
  'Email,Name,Council,Job_Title,Service_Area,Team,Manager_Email,Skills,Welsh_Level,Slack_User_Id,Teams_User_Id,Visible',
  'gareth.lewis@torfaen.gov.uk,Gareth Lewis,Torfaen,Head of Waste and Recycling,Neighbourhood Services,Waste,,Waste management;Rota planning,1,U0GARETH,,true',
  'sian.morgan@torfaen.gov.uk,Siân Morgan,TCBC,Waste Collections Manager,Street Scene,Collections,gareth.lewis@torfaen.gov.uk,Refuse collection;Rota planning,2,,,yes',
  'aled.jenkins@torfaen.gov.uk,Aled Jenkins,Cyngor Torfaen,GIS Officer,ICT and Digital,GIS,,GIS;Spatial analysis,4,,,',
  'catrin.davies@torfaen.gov.uk,Catrin Davies,torfaen,Flood Risk Engineer,Highways,Flood,,Flood risk management;SuDS,3,,,true',
  'nia.roberts@torfaen.gov.uk,Nia Roberts,Torfaen County Borough Council,Procurement Manager,Procurement,,,Procurement;Tender evaluation,advanced,,,true',
  'tom.harris@torfaen.gov.uk,Tom Harris,Torfaen,Building Control Surveyor,Building Control,,,Building regulations,0,,,true',
  'kerry.secret@torfaen.gov.uk,Kerry Secret,Torfaen,GIS Analyst,Waste and Recycling,,,GIS;Procurement;Recycling,5,,,false',
  'matthew.jones@blaenau-gwent.gov.uk,Matthew Jones,Blaenau Gwent,Head of Waste Services,Waste Services,,,Waste strategy;Recycling,1,,,true',
  'karen.phillips@blaenau-gwent.gov.uk,Karen Phillips,BGCBC,Street Scene Manager,Street Scene,,,Street cleansing;Rota planning,0,,,true',
  'leanne.smith@blaenau-gwent.gov.uk,Leanne Smith,blaenau-gwent,GIS Technician,Planning,GIS,,GIS;Mapping,1,,,true',
  'joanne.reynolds@blaenau-gwent.gov.uk,Joanne Reynolds,Cyngor Bwrdeistref Sirol Blaenau Gwent,Development Management Manager,Planning,,,Development management,2,,,true',
  'carys.morgan@blaenau-gwent.gov.uk,Carys Morgan,Blaenau Gwent,Rheolwr Caffael,Caffael,,,Caffael;Rheoli contractau,5,,T-CARYS,true',
  'rachel.owen@blaenau-gwent.gov.uk,Rachel Owen,Blaenau Gwent,Senior Procurement Officer,Procurement,,,Purchasing,2,,,true',
  'craig.walters@blaenau-gwent.gov.uk,Craig Walters,Blaenau Gwent,Senior Drainage Engineer,Highways,,,Flooding;Land drainage,0,,,true',
  'rob.typo@blaenau-gwent.gov.uk,Rob Typo,Blaenau Gwent,Contracts Officer,Finance,,,Procurment,0,,,true',
].join('\n');

/** Rows with mistakes, each on a known line (the header is line 1). */
export const badRowsCsv = [
  'email,name,council,welsh_level,visible,favourite_colour',
  'good.person@torfaen.gov.uk,Good Person,Torfaen,2,true,blue',
  ',No Email,Torfaen,1,true,red',
  'not-an-email,Bad Email,Torfaen,1,true,red',
  'someone@torfaen.gov.uk,Someone,Cardiff,1,true,red',
  'welsh@torfaen.gov.uk,Bad Welsh,Torfaen,7,true,red',
  'visible@torfaen.gov.uk,Bad Visible,Torfaen,1,perhaps,red',
  'good.person@torfaen.gov.uk,Duplicate Person,Torfaen,2,true,green',
  'another.good@blaenau-gwent.gov.uk,Another Good,BGCBC,canolradd,no,green',
].join('\n');
